export * from './sentry.payload';
export * from './sentry.signature';
export * from './sentry.mapper';
export * from './sentry.source';
