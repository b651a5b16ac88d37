export * from './uptime-kuma.payload';
export * from './uptime-kuma.mapper';
export * from './uptime-kuma.source';
