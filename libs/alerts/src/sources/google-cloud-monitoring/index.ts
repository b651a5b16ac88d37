export * from './google-cloud-monitoring.payload';
export * from './google-cloud-monitoring.mapper';
export * from './google-cloud-monitoring.source';
