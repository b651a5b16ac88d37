import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface OpenApiOptions {
  title?: string;
  version?: string;
}

/** Swagger UI at /docs and the OpenAPI document at /docs-json; every /api/v1 call takes a bearer key. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions = {}): void {
  const config = new DocumentBuilder()
    .setTitle(options.title ?? 'Sitrep API')
    .setDescription(
      'Event-sourced incident response. Authenticate with "Authorization: Bearer <API key>".',
    )
    .setVersion(options.version ?? '1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A Sitrep API key (sitrep_...)' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}
