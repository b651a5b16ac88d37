import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthHttpController } from './health.http.controller';

/** `GET /health`: unauthenticated, for load balancers and orchestrators. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthHttpController],
  providers: [DatabaseHealthIndicator],
})
export class HealthModule {}
