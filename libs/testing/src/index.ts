export * from './test-database';
export * from './migrated-database';
