import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadSitrepConfig, SITREP_CONFIG, type SitrepConfig } from './sitrep.config';

/** Validated configuration, read once from the environment (no .env file is read implicitly). */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      ignoreEnvFile: true,
      load: [() => ({ sitrep: loadSitrepConfig(process.env) })],
    }),
  ],
  providers: [
    {
      provide: SITREP_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService): SitrepConfig =>
        config.getOrThrow<SitrepConfig>('sitrep'),
    },
  ],
  exports: [SITREP_CONFIG],
})
export class SitrepConfigModule {}
