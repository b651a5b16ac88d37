import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ReplyHeaders } from '@sitrep/platform';
import { SitrepMetrics } from './sitrep-metrics';

/** `GET /metrics`: Prometheus text format, unauthenticated like /health (scraped from inside). */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: SitrepMetrics) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus exposition format: projection, forwarder and process metrics.',
    schema: { type: 'string' },
  })
  async scrape(@Res({ passthrough: true }) response: ReplyHeaders): Promise<string> {
    response.header('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
