export * from './event-store.types';
export * from './event-store.errors';
export * from './event-store.migrations';
export * from './postgres-event-store';
export * from './checkpoint-store';
export * from './snapshot-store';
export * from './upcasters';
export * from './event-store.module';
