export type { FunctionDescription, StatelessDescription, StatelessTierEventOptions, TableDescription } from './options';
export { StatelessPlan } from './plan';
