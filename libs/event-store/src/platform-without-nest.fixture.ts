/**
 * The database half of @sitrep/platform, without its Nest modules. Nest 12 ships as ES modules,
 * which Jest 30 can only require() on Node 24.9+; on Node 20 any spec whose imports reach
 * '@nestjs/common' fails to load. The event store's specs need only the database, so they map
 * '@sitrep/platform' here: `jest.mock('@sitrep/platform', () => jest.requireActual('./platform-without-nest.fixture'))`.
 */
export * from '../../platform/src/database/sql';
export * from '../../platform/src/database/migrations';
export * from '../../platform/src/database/data-source';
export * from '../../platform/src/database/pg-database';
