export type { EventReplicasInRegion, RdsInstanceDescription, RdsTierEventOptions } from './options';
export { RdsInstancePlan } from './plan';
