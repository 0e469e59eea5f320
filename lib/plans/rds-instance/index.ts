export type { RdsInstanceDescription, RdsTierEventOptions } from './options';
export { RdsInstancePlan } from './plan';
