import { ArnFormat, Aws, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TimelineStep } from '../../event/timeline-step';
import { instanceLogGroups } from '../../private/database';
import { findingResource } from '../../private/nag';
import { steppedValue } from '../../private/plan-helpers';
import { warn } from '../../private/warnings';
import { rampSteps } from '../capacity-ramp';
import { ChangeDirection, ScheduledChange } from '../scheduled-change';
import { TierEventContext } from '../tier-plan';
import { EVENT_TAG, RdsPlanParts } from './options';
import { classAt, eventReplicaClass, storageInput, storageText } from './parts';
import { regionReplicaChanges } from './regions';

/** When the primary's changes may follow one another. */
interface Timing {
  readonly classLead: Duration;
  readonly storageLead: Duration;
  /**
   * A change that waits for another of the primary waits for it to be applied (up to the
   * maximum event age late, retries included) and then to take effect; in whole minutes (ms).
   */
  after(lead: Duration): number;
  /** A delay after a step, in whole minutes as schedules fire; none when not positive. */
  delayOf(ms: number): Duration | undefined;
}

/** A ModifyDBInstance call on the primary, at a step. */
type Modify = (step: TimelineStep, delay: Duration | undefined, setting: string, from: string, to: string,
  direction: ChangeDirection, leadTime: Duration, input: { [key: string]: any }) => ScheduledChange;

/**
 * Everything the tier's event changes, in order: the primary's class (up at prewarm, down the
 * ladder), then its storage (raised after the class change, restored if asked), then event read
 * replicas (created from the raised primary, deleted step by step).
 */
export function rdsChanges(scope: Construct, context: TierEventContext, p: RdsPlanParts): ScheduledChange[] {
  const o = p.options;
  const timing: Timing = {
    classLead: o.instanceClassChangeLeadTime ?? Duration.minutes(45),
    storageLead: o.storageChangeLeadTime ?? Duration.minutes(30),
    after: (lead) => Math.ceil((lead.toMilliseconds() + context.maximumEventAge.toMilliseconds()) / 60000) * 60000,
    delayOf: (ms) => (ms > 0 ? Duration.minutes(Math.ceil(ms / 60000)) : undefined),
  };
  const modify = primaryModifier(p);
  const steps = rampSteps(context.window);
  const classes = classChanges(context, p, steps, timing, modify);
  const storage = storageChanges(scope, context, p, timing, modify, classes);
  const replicas = replicaChanges(scope, context, p, steps, timing.delayOf(storage.prewarmDelay));
  const elsewhere = regionReplicaChanges(context, p, steps, timing.delayOf(storage.prewarmDelay));
  if (!p.db.multiAz && p.ladder.length > 1) {
    warn(scope, 'single-az-class-change',
      `Tier '${p.tierName}' changes the class of a single-AZ primary: it is unavailable during each move. `
      + 'Use multiAz (a failover of 60-120 s instead).');
  }
  return [...classes.changes, ...storage.changes, ...replicas, ...elsewhere];
}

/** ModifyDBInstance on the primary, the role allowed exactly that. */
function primaryModifier(p: RdsPlanParts): Modify {
  const tier = p.db;
  const modify = new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [tier.instanceArn] });
  return (step, delay, setting, from, to, direction, leadTime, input) => ScheduledChange.universal({
    step, delay, setting, subject: 'primary instance', resource: `rds:db:${tier.instanceIdentifier}`, before: from, after: to,
    direction, leadTime,
    service: 'rds', action: 'modifyDBInstance',
    input: { DbInstanceIdentifier: tier.instanceIdentifier, ...input, ApplyImmediately: true },
    policyStatements: [modify],
  });
}

/** What the class changes leave for the changes after them. */
interface ClassChanges {
  readonly changes: ScheduledChange[];
  /** How long after prewarm the primary's next change waits (ms). */
  readonly prewarmDelay: number;
  readonly baselineClassChange?: ScheduledChange;
}

/**
 * The primary's class: up at prewarm, then down the ladder. Every class change of a Multi-AZ
 * primary ends in a failover, so none comes sooner than failoverGapAfterEnd after the event's end.
 */
function classChanges(context: TierEventContext, p: RdsPlanParts, steps: TimelineStep[], timing: Timing, modify: Modify): ClassChanges {
  const w = context.window;
  const gapAfterEnd = (p.options.failoverGapAfterEnd ?? Duration.minutes(30)).toMilliseconds();
  const changes: ScheduledChange[] = [];
  let previousClass = p.db.instanceClass;
  let prewarmDelay = 0;
  let baselineClassChange: ScheduledChange | undefined;
  for (const step of steps) {
    const cls = classAt(p, step);
    if (cls === previousClass) {
      continue;
    }
    const up = step.rampFraction === 0;
    const earliest = w.endInstant.getTime() + gapAfterEnd;
    const delay = up ? undefined : timing.delayOf(earliest - step.instant.getTime());
    const change = modify(step, delay, 'instance class', previousClass, cls,
      up ? ChangeDirection.SCALE_UP : ChangeDirection.SCALE_DOWN, timing.classLead, { DbInstanceClass: cls });
    changes.push(change);
    if (up) {
      prewarmDelay = timing.after(timing.classLead);
    }
    if (step.rampFraction >= 1) {
      baselineClassChange = change;
    }
    previousClass = cls;
  }
  return { changes, prewarmDelay, baselineClassChange };
}

/**
 * Storage: its own call (a rejected storage change must not hold back a class change), after the
 * prewarm class change. RDS requires AllocatedStorage beside Iops; the current size is sent, so
 * nothing grows. Restored, if asked, after the cooldown and the baseline class change.
 */
function storageChanges(scope: Construct, context: TierEventContext, p: RdsPlanParts, timing: Timing, modify: Modify,
  classes: ClassChanges): { changes: ScheduledChange[]; prewarmDelay: number } {
  const w = context.window;
  const o = p.options;
  const tier = p.db;
  if (o.peakIops === undefined && o.peakStorageThroughput === undefined) {
    return { changes: [], prewarmDelay: classes.prewarmDelay };
  }
  // gp3 from 400 GiB (the only storage a raise is planned on) includes 12,000 IOPS and 500 MiB/s.
  const everyday = storageText(tier.iops ?? 12000, tier.storageThroughput ?? 500);
  const peak = storageText(o.peakIops ?? tier.iops ?? 12000, o.peakStorageThroughput ?? tier.storageThroughput ?? 500);
  const raise = modify(w.prewarm, timing.delayOf(classes.prewarmDelay), 'storage', everyday, peak,
    ChangeDirection.SCALE_UP, timing.storageLead, storageInput(p, o.peakIops, o.peakStorageThroughput));
  const changes = [raise];
  if (!o.restoreStorageAfterEvent) {
    warn(scope, 'storage-not-restored',
      `Tier '${p.tierName}' raises its storage from ${everyday} to ${peak} at prewarm and never lowers it: the raise `
      + 'is billed every month after the event. Set restoreStorageAfterEvent: true to lower it back after the storage '
      + 'cooldown; if the raise is meant to stay, accept this warning.');
  } else {
    // The next storage change waits for the cooldown (6 h, or until optimization ends, which
    // can exceed 24 h) and for the baseline class change to be done.
    const cooldown = o.storageCooldown ?? Duration.hours(24);
    const notBefore = Math.max(raise.fireAt.getTime() + cooldown.toMilliseconds(),
      classes.baselineClassChange ? classes.baselineClassChange.fireAt.getTime() + timing.after(timing.classLead) : 0);
    changes.push(modify(w.baseline, timing.delayOf(notBefore - w.baseline.instant.getTime()), 'storage', peak, everyday,
      ChangeDirection.SCALE_DOWN, timing.storageLead,
      storageInput(p, o.peakIops === undefined ? undefined : tier.iops ?? 12000,
        o.peakStorageThroughput === undefined ? undefined : tier.storageThroughput ?? 500)));
  }
  return { changes, prewarmDelay: classes.prewarmDelay + timing.after(timing.storageLead) };
}

/**
 * Event replicas: created once the primary's modifications are done, configured like the
 * always-on replicas, tagged with the event; removed step by step. The role may create only
 * instances named and tagged for this event, and delete only those tagged so.
 */
function replicaChanges(scope: Construct, context: TierEventContext, p: RdsPlanParts, steps: TimelineStep[],
  delay: Duration | undefined): ScheduledChange[] {
  const w = context.window;
  const tier = p.db;
  const count = p.options.eventReplicas ?? 0;
  if (count === 0) {
    return [];
  }
  const { create, remove } = replicaStatements(scope, context, p);
  const replicaClass = eventReplicaClass(p);
  const changes: ScheduledChange[] = [];
  for (let k = 1; k <= count; k++) {
    const name = tier.eventReplicaIdentifier(w.name, k);
    changes.push(ScheduledChange.universal({
      step: w.prewarm,
      delay,
      setting: `event replica ${k}`,
      // Built from a snapshot of the primary: its window is the primary's.
      resource: `rds:db:${tier.instanceIdentifier}`,
      before: 'none',
      after: `${name} (${replicaClass})`,
      beforeValue: k - 1,
      afterValue: k,
      direction: ChangeDirection.SCALE_UP,
      leadTime: p.options.replicaCreationLeadTime ?? Duration.hours(3),
      service: 'rds',
      action: 'createDBInstanceReadReplica',
      input: {
        SourceDBInstanceIdentifier: tier.instanceIdentifier,
        DbInstanceIdentifier: name,
        DbInstanceClass: replicaClass,
        // Same-Region replicas take the source's parameter group (the API does not accept
        // DbParameterGroupName for same-Region PostgreSQL or MySQL replicas); the role may still use it.
        DbSubnetGroupName: tier.subnetGroupName,
        VpcSecurityGroupIds: tier.securityGroupIds,
        StorageType: 'gp3',
        EnableIAMDatabaseAuthentication: tier.iamAuthentication,
        ...(tier.monitoringRoleArn ? { MonitoringInterval: 60, MonitoringRoleArn: tier.monitoringRoleArn } : {}),
        EnablePerformanceInsights: tier.performanceInsights,
        EnableCloudwatchLogsExports: tier.logExports,
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: false,
        DeletionProtection: false,
        Tags: [{ Key: EVENT_TAG, Value: w.name }],
      },
      policyStatements: create,
    }));
  }
  let remaining = count;
  for (const step of steps.slice(1)) {
    const target = steppedValue(count, 0, step.rampFraction);
    for (let k = remaining; k > target; k--) {
      changes.push(ScheduledChange.universal({
        step,
        setting: `event replica ${k}`,
        before: tier.eventReplicaIdentifier(w.name, k),
        after: 'deleted',
        beforeValue: k,
        afterValue: k - 1,
        direction: ChangeDirection.SCALE_DOWN,
        leadTime: Duration.minutes(15),
        service: 'rds',
        action: 'deleteDBInstance',
        input: { DbInstanceIdentifier: tier.eventReplicaIdentifier(w.name, k), SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
        policyStatements: [remove],
      }));
    }
    remaining = Math.min(remaining, target);
  }
  for (let k = 1; k <= count; k++) {
    instanceLogGroups(scope, `EventReplica${k}`, tier.eventReplicaIdentifier(w.name, k), tier.logExports);
  }
  return changes;
}

/** What the role may do to create and delete this event's replicas, and nothing else. */
function replicaStatements(scope: Construct, context: TierEventContext, p: RdsPlanParts) {
  const w = context.window;
  const tier = p.db;
  const pattern = `${tier.eventReplicaIdentifier(w.name, 0).slice(0, -1)}*`;
  const rdsArn = (resource: string, name: string) => tier.arnStack.formatArn({
    service: 'rds', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const replicaArn = rdsArn('db', pattern);
  const create = [
    new iam.PolicyStatement({
      actions: ['rds:CreateDBInstanceReadReplica', 'rds:AddTagsToResource'],
      resources: [replicaArn],
      conditions: { StringEquals: { [`aws:RequestTag/${EVENT_TAG}`]: w.name } },
    }),
    // The other resources the call is authorized against (IAM Service Authorization Reference):
    // the source, its option group, the parameter group the replica inherits, the subnet group.
    new iam.PolicyStatement({
      actions: ['rds:CreateDBInstanceReadReplica'],
      resources: [tier.instanceArn, rdsArn('og', tier.optionGroupName),
        rdsArn('pg', tier.parameterGroupName), rdsArn('subgrp', tier.subnetGroupName)],
    }),
  ];
  if (tier.monitoringRoleArn) {
    create.push(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [tier.monitoringRoleArn] }));
  }
  if (tier.storageEncryptionKeyArn) {
    create.push(new iam.PolicyStatement({
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: [tier.storageEncryptionKeyArn],
      conditions: { StringEquals: { 'kms:ViaService': `rds.${Aws.REGION}.amazonaws.com` } },
    }));
  }
  const remove = new iam.PolicyStatement({
    actions: ['rds:DeleteDBInstance'],
    resources: [replicaArn],
    conditions: { StringEquals: { [`aws:ResourceTag/${EVENT_TAG}`]: w.name } },
  });
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${findingResource(scope, replicaArn)}]`,
    reason: `The wildcard covers only event '${w.name}'s read replicas (${tier.eventReplicaIdentifier(w.name, 1)} `
      + '…), which the schedules create and delete; creating needs the event\'s tag in the request and deleting '
      + 'needs it on the instance, and the primary and the always-on replicas match neither the name nor the tag.',
  });
  return { create, remove };
}
