import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam } from '@sitrep/platform';
import { GetIncidentAlertsQuery, type IncidentAlertView } from './get-incident-alerts.query';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentAlertsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/alerts')
  @RequireScopes('incidents:read')
  @ApiOkResponse({
    description:
      'Each alert of the incident with every decision about it, why, and the delivery behind it.',
  })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  async alerts(
    @UuidParam() id: string,
  ): Promise<{ incidentId: string; alerts: IncidentAlertView[] }> {
    const alerts: IncidentAlertView[] = await this.queries.execute(new GetIncidentAlertsQuery(id));
    return { incidentId: id, alerts };
  }
}
