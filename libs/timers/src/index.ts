export * from './timers.migrations';
export * from './timer-store';
export * from './timer-dispatcher';
