import { Construct, IConstruct } from 'constructs';
import { defaultTierName } from '../../private/plan-helpers';
import { ITierEventPlan, TierEventBinding, TierEventContext } from '../tier-plan';
import { rdsAlarms } from './alarms';
import { rdsChanges } from './changes';
import { rdsGraphs } from './graphs';
import { RdsInstanceDescription, RdsPlanParts, RdsTierEventOptions } from './options';
import { eventReplicaClass } from './parts';
import { validateForEvent, validatePlan } from './rules';

/**
 * The event plan of an RDS instance: the primary's class up at prewarm and down a ladder,
 * a storage raise, event read replicas, alarms and graphs. One implementation for tiers and
 * existing instances. Each concern has its file: `rules` (what is allowed), `changes` (the
 * scheduled calls and the role's statements), `alarms`, `graphs` (the dashboard row).
 */
export class RdsInstancePlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;
  private readonly parts: RdsPlanParts;

  constructor(db: RdsInstanceDescription, options: RdsTierEventOptions) {
    this.tier = db.construct;
    this.tierName = options.tierName ?? defaultTierName(db.construct.node.id);
    const inputs = { db, options, tierName: this.tierName };
    this.parts = { ...inputs, ladder: validatePlan(inputs) };
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const p = this.parts;
    const tier = p.db;
    validateForEvent(p, context.window.name);
    const changes = rdsChanges(scope, context, p);
    return {
      changes,
      alarms: rdsAlarms(scope, context, changes, p),
      dashboardGraphs: rdsGraphs(p, context.window.name),
      costBasis: {
        rdsEngine: tier.engine,
        multiAz: tier.multiAz,
        instanceClass: tier.instanceClass,
        eventReplicaInstanceClass: (p.options.eventReplicas ?? 0) > 0 ? eventReplicaClass(p) : undefined,
        storageType: tier.storageType === 'unknown' ? undefined : tier.storageType,
        allocatedStorageGiB: tier.allocatedStorageGiB > 0 ? tier.allocatedStorageGiB : undefined,
        iops: tier.iops,
        storageThroughput: tier.storageThroughput,
      },
    };
  }
}
