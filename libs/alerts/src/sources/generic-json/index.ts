export * from './json-pointer';
export * from './generic-json.mapping';
export * from './generic-json.errors';
export * from './generic-json.mapper';
export * from './generic-json.source';
