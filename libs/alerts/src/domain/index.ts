export * from './alert.events';
export * from './alert.commands';
export * from './alert.state';
export * from './alert.decider';
export * from './alert-group.events';
export * from './alert-group.commands';
export * from './alert-group.state';
export * from './alert-group.decider';
