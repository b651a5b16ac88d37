export * from './datadog.payload';
export * from './datadog.mapper';
export * from './datadog.source';
