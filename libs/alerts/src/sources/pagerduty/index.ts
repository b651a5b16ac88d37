export * from './pagerduty.payload';
export * from './pagerduty.routing-key';
export * from './pagerduty.mapper';
export * from './pagerduty.source';
export * from './pagerduty-change';
