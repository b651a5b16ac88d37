export * from './alertmanager.payload';
export * from './alertmanager.mapper';
export * from './alertmanager.source';
export * from './label-severity';
