export * from './response-plan.commands';
export * from './response-plan.events';
export * from './response-plan.errors';
export * from './response-plan.state';
export { decideResponsePlan, responsePlanLimits } from './response-plan.decide';
export { responsePlanDecider } from './response-plan.decider';
