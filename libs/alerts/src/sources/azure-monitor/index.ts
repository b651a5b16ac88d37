export * from './azure-monitor.payload';
export * from './azure-monitor.mapper';
export * from './azure-monitor.source';
