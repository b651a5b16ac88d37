export * from './sitrep-core.module';
export * from './background-work.module';
