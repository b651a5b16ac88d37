export * from './opsgenie.payload';
export * from './opsgenie.auth';
export * from './opsgenie.route';
export * from './opsgenie.mapper';
export * from './opsgenie.source';
export * from './opsgenie-webhook.mapper';
