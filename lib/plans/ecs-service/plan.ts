import { Construct, IConstruct } from 'constructs';
import { defaultTierName } from '../../private/plan-helpers';
import { ValidationError } from '../../private/validation-error';
import { ChangeDirection } from '../scheduled-change';
import { ITierEventPlan, TierEventBinding, TierEventContext } from '../tier-plan';
import { ecsServiceAlarms } from './alarms';
import { ownerOf, taskCountChanges } from './changes';
import { ecsServiceGraphs } from './graphs';
import { EcsServiceDescription, EcsServiceEventOptions, EcsServicePlanInputs } from './options';
import { validatePlan } from './rules';

/**
 * The event plan of an ECS service: its task count raised before the event and stepped down
 * after it (beside the team's own scaling, or pinned by the event's own target), alarms and a
 * dashboard row. Each concern has its file: `rules`, `changes`, `alarms`, `graphs`.
 */
export class EcsServicePlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;
  private readonly inputs: EcsServicePlanInputs;

  constructor(resources: EcsServiceDescription, options: EcsServiceEventOptions | undefined) {
    options = options ?? {};
    this.tier = resources.construct;
    this.tierName = options.tierName ?? defaultTierName(resources.construct.node.id);
    this.inputs = { resources, options, tierName: this.tierName };
    validatePlan(this.inputs);
  }

  public bind(_scope: Construct, context: TierEventContext): TierEventBinding {
    const p = this.inputs;
    const r = p.resources;
    const notes: string[] = [];
    if (!r.containerInsights) {
      notes.push('running against desired tasks is not watched: Container Insights is not on for the cluster (its task counts '
        + 'are what the alarm reads); `event-readiness check` reads them from ECS instead');
    }
    // Looked for once: finding the team's target may warn.
    const owner = p.options.minimumTaskCount === undefined ? undefined : ownerOf(p);
    const changes = taskCountChanges(context, p, owner);
    const raiseMinutes = Math.max(0, ...changes.filter((c) => c.options.direction === ChangeDirection.SCALE_UP)
      .map((c) => Math.ceil(c.options.leadTime.toMinutes({ integral: false }))));
    const minutes = p.options.tasksNotRunningAlarmMinutes;
    if (minutes !== undefined && r.containerInsights && minutes < raiseMinutes) {
      throw new ValidationError(`${r.subject} (tier '${p.tierName}'): tasksNotRunningAlarmMinutes (${minutes}) is shorter than the `
        + `event's own raise of the task count takes (${raiseMinutes} minutes): the alarm would page on every raise; give at least `
        + `${raiseMinutes}`, r.construct);
    }
    if (owner && p.options.maximumTaskCount !== undefined) {
      notes.push(`maximum tasks: ${p.options.maximumTaskCount} from prewarm (the team's scaling may go that high), stepped down with `
        + `the minimum, ${owner.maxCapacity} again at baseline`);
    }
    return {
      changes,
      alarms: ecsServiceAlarms(p, raiseMinutes),
      dashboardGraphs: ecsServiceGraphs(p),
      notes,
      costBasis: {
        ecsLaunchType: r.launchType,
        taskCpu: r.taskCpu,
        taskMemoryMiB: r.taskMemoryMiB,
        taskCpuArchitecture: r.cpuArchitecture,
        taskOperatingSystemFamily: r.operatingSystemFamily,
      },
    };
  }
}
