export * from './config/sitrep.config';
export * from './config/config.module';
export * from './database/sql';
export * from './database/pg-database';
export * from './database/migrations';
export * from './database/data-source';
export * from './database/embedded-postgres';
export * from './database/database.module';
