export * from './normalized-alert';
export * from './alert-source';
export * from './alert-pipeline.port';
