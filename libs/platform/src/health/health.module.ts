import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthSections } from './health-sections';
import { HealthHttpController } from './health.http.controller';

/**
 * `GET /health`: unauthenticated, for load balancers and orchestrators. Global, so the libraries
 * wired into the process can add their sections (HealthSections).
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthHttpController],
  providers: [DatabaseHealthIndicator, HealthSections],
  exports: [HealthSections],
})
export class HealthModule {}
