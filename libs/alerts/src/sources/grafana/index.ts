export * from './grafana.payload';
export * from './grafana.signature';
export * from './grafana.mapper';
export * from './grafana.source';
