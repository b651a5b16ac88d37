export * from './normalized-alert';
export * from './alert-source';
export * from './alert-pipeline.port';
export * from './domain';
export * from './pipeline/alert-streams';
export * from './pipeline/alert-pipeline.service';
