export * from './projection';
export * from './events-appended';
export * from './projections.module';
export * from './in-process/global-log-subscription';
export * from './in-process/in-process-projections.runner';
export * from './kafka';
export * from './forwarder.module';
