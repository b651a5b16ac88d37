export * from './test-database';
export * from './migrated-database';
export * from './decider-spec';
