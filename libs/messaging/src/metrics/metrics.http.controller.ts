import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SitrepMetrics } from './sitrep-metrics';

interface TextResponse {
  setHeader(name: string, value: string): unknown;
}

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
  async scrape(@Res({ passthrough: true }) response: TextResponse): Promise<string> {
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
