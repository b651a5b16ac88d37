import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SITREP_CONFIG, type SitrepConfig } from '../config/sitrep.config';
import { openDatabase, type OpenedDatabase } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import type { Migrations } from './migrations';
import { DATABASE } from './sql';

const EMBEDDED = Symbol('sitrep.embedded-postgres');
const OPENED = Symbol('sitrep.opened-database');

/**
 * PostgreSQL for the whole process: the server at DATABASE_URL, or embedded PGlite in
 * SITREP_DATA_DIR when it is unset. Migrations run before anything else starts.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  static forRoot(migrations: Migrations): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: EMBEDDED,
          inject: [SITREP_CONFIG],
          useFactory: (config: SitrepConfig) =>
            config.database.url ? null : startEmbeddedPostgres(config.database.dataDir),
        },
        {
          provide: OPENED,
          inject: [SITREP_CONFIG, EMBEDDED],
          useFactory: (config: SitrepConfig, embedded: EmbeddedPostgres | null) =>
            embedded
              ? openDatabase(embedded.url, config.database.poolSize, migrations, {
                  sharedSession: true,
                })
              : openDatabase(config.database.url!, config.database.poolSize, migrations),
        },
        { provide: DataSource, inject: [OPENED], useFactory: (o: OpenedDatabase) => o.dataSource },
        { provide: DATABASE, inject: [OPENED], useFactory: (o: OpenedDatabase) => o.database },
      ],
      exports: [DATABASE, DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.close();
  }
}
