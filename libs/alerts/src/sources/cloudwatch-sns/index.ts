export * from './cloudwatch-sns.payload';
export * from './cloudwatch-sns.signature';
export * from './cloudwatch-sns.mapper';
export * from './cloudwatch-sns.source';
