import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { HealthSections } from './health-sections';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly sections: HealthSections,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({
    description:
      'Up: the database answers. `degraded` is true, and `components` says why, while a part ' +
      'such as Kafka is starting or down: the process still takes deliveries and commands.',
  })
  @ApiServiceUnavailableResponse({ description: 'Down: the database does not answer.' })
  async check() {
    const result = await this.health.check([() => this.database.check()]);
    const components = await this.sections.read();
    const degraded = Object.values(components).some((section) => section.status !== 'up');
    return { ...result, degraded, components };
  }
}
