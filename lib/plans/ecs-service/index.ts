export type { EcsServiceDescription, EcsServiceEventOptions, EcsTargetGroupDescription } from './options';
export { EcsServicePlan } from './plan';
