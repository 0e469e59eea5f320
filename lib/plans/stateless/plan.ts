import { Construct, IConstruct } from 'constructs';
import { defaultTierName } from '../../private/plan-helpers';
import { ITierEventPlan, TierEventBinding, TierEventContext } from '../tier-plan';
import { statelessAlarms } from './alarms';
import { provisionedConcurrencyChanges, tableChanges } from './changes';
import { statelessGraphs } from './graphs';
import { StatelessDescription, StatelessPlanInputs, StatelessTierEventOptions } from './options';
import { validatePlan } from './rules';

/**
 * The event plan of a function and an on-demand table: provisioned concurrency on the alias,
 * warm throughput and the cost cap of the table, alarms and graphs. One implementation for
 * tiers and existing resources. Each concern has its file: `rules`, `changes` (the table's
 * calls), `alarms`, `graphs`.
 */
export class StatelessPlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;
  private readonly inputs: StatelessPlanInputs;

  constructor(resources: StatelessDescription, options: StatelessTierEventOptions) {
    this.tier = resources.construct;
    this.tierName = options.tierName ?? defaultTierName(resources.construct.node.id);
    this.inputs = { resources, options, tierName: this.tierName };
    validatePlan(this.inputs);
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const p = this.inputs;
    const changes = provisionedConcurrencyChanges(context, p);
    const notes: string[] = [];
    if (p.resources.table) {
      changes.push(...tableChanges(scope, context, p.resources.table, notes, p));
    }

    const fn = p.resources.function;
    return {
      changes,
      alarms: statelessAlarms(scope, context, changes, p),
      dashboardGraphs: statelessGraphs(p),
      notes,
      costBasis: fn ? { functionMemoryMiB: fn.memoryMiB, functionArchitecture: fn.architecture } : undefined,
    };
  }
}
