export * from './normalized-alert';
export * from './alert-source';
