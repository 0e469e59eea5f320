import { Duration } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TimelineStep } from '../../event/timeline-step';
import { ValidationError } from '../../private/validation-error';
import { warn } from '../../private/warnings';
import { pinnedCapacityRamp } from '../capacity-ramp';
import { AutoScalingTarget, ChangeDirection, ScheduledChange } from '../scheduled-change';
import { TierEventContext } from '../tier-plan';
import { StatelessPlanInputs, TableDescription } from './options';

/** Provisioned concurrency on the alias, by Application Auto Scaling: the peak at prewarm, linear steps down. */
export function provisionedConcurrencyChanges(context: TierEventContext, p: StatelessPlanInputs): ScheduledChange[] {
  const o = p.options;
  if (o.provisionedConcurrency === undefined) {
    return [];
  }
  const fn = p.resources.function!;
  const resourceId = `function:${fn.functionName}:${fn.aliasName}`;
  const scalableDimension = 'lambda:function:ProvisionedConcurrency';
  // The team's own scaling on the alias, if any: its minimum is the everyday provisioned concurrency.
  const owner = fn.provisionedConcurrencyTarget ?? p.resources.scalableTargetIn?.(resourceId, scalableDimension);
  if (owner && o.baselineProvisionedConcurrency !== undefined && o.baselineProvisionedConcurrency !== owner.minCapacity) {
    throw new ValidationError(`${p.resources.subject}: baselineProvisionedConcurrency (${o.baselineProvisionedConcurrency}) differs from `
      + `the minimum (${owner.minCapacity}) of the alias's scalable target, which another stack registers: the event restores that `
      + 'target\'s own bounds at baseline; leave baselineProvisionedConcurrency out', p.resources.construct);
  }
  if (owner && o.provisionedConcurrency <= owner.minCapacity) {
    throw new ValidationError(`${p.resources.subject}: provisionedConcurrency (${o.provisionedConcurrency}) is not above the minimum `
      + `(${owner.minCapacity}) of the alias's scalable target, which another stack registers: the event would lower its floor`,
    p.resources.construct);
  }
  const base = owner?.minCapacity ?? o.baselineProvisionedConcurrency ?? 0;
  const target = new AutoScalingTarget({
    id: 'ProvisionedConcurrency',
    serviceNamespace: ServiceNamespace.LAMBDA,
    resourceId,
    scalableDimension,
    baselineMinCapacity: owner?.minCapacity ?? base,
    baselineMaxCapacity: owner?.maxCapacity ?? base,
    serviceLinkedRole: 'lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
    registeredElsewhere: owner,
  });
  return pinnedCapacityRamp({
    window: context.window,
    target,
    setting: 'provisioned concurrency',
    peak: o.provisionedConcurrency,
    baseline: base,
    scaleUpLeadTime: o.provisionedConcurrencyLeadTime ?? Duration.minutes(15),
    scaleDownLeadTime: Duration.minutes(1),
  });
}

/** The table's cost cap (raised at prewarm, restored at baseline) and warm throughput (raised once). */
export function tableChanges(scope: Construct, context: TierEventContext, tier: TableDescription, notes: string[],
  p: StatelessPlanInputs): ScheduledChange[] {
  const w = context.window;
  const o = p.options;
  const table = tier.table;
  const statement = new iam.PolicyStatement({ actions: ['dynamodb:UpdateTable'], resources: [table.tableArn] });
  const resource = `dynamodb:table:${table.tableName}`;
  const changes: ScheduledChange[] = [];

  const capRaise: { [key: string]: number } = {};
  const capRestore: { [key: string]: number } = {};
  if (o.maxReadRequestUnits !== undefined) {
    capRaise.MaxReadRequestUnits = o.maxReadRequestUnits;
    capRestore.MaxReadRequestUnits = tier.maxReadRequestUnits!;
  }
  if (o.maxWriteRequestUnits !== undefined) {
    capRaise.MaxWriteRequestUnits = o.maxWriteRequestUnits;
    capRestore.MaxWriteRequestUnits = tier.maxWriteRequestUnits!;
  }
  const raisesCap = Object.keys(capRaise).length > 0;
  const capLeadTime = Duration.minutes(5);
  // The cap's raise at prewarm and its restore at baseline: calls of their own.
  const capChange = (step: TimelineStep, before: { [key: string]: number }, after: { [key: string]: number },
    direction: ChangeDirection) => ScheduledChange.universal({
    step, setting: 'table cost cap', subject: 'table', resource, before: capText(before), after: capText(after), direction,
    leadTime: capLeadTime, service: 'dynamodb', action: 'updateTable',
    input: { TableName: table.tableName, OnDemandThroughput: after }, policyStatements: [statement],
  });
  if (raisesCap) {
    changes.push(capChange(w.prewarm, capRestore, capRaise, ChangeDirection.SCALE_UP));
  }

  const warm = warmThroughputChange(context, tier, notes, p);
  if (warm) {
    // A call of its own, after the cap's: DynamoDB rejects a request that would lower warm
    // throughput (it may have grown since, by traffic or by hand) and takes every other change
    // of the request down with it; and it rejects any UpdateTable while the table is UPDATING.
    const delay = raisesCap
      ? Duration.minutes(Math.ceil((capLeadTime.toMilliseconds() + context.maximumEventAge.toMilliseconds()) / 60000))
      : undefined;
    changes.push(ScheduledChange.universal({
      step: w.prewarm,
      delay,
      setting: 'warm throughput',
      subject: 'table',
      resource,
      before: warm.before,
      after: warm.after,
      direction: ChangeDirection.SCALE_UP,
      leadTime: o.warmThroughputLeadTime ?? Duration.hours(1),
      service: 'dynamodb',
      action: 'updateTable',
      input: { TableName: table.tableName, WarmThroughput: warm.request },
      policyStatements: [statement],
    }));
    warn(scope, 'warm-throughput-permanent',
      `Tier '${p.tierName}' raises the warm throughput of its table at prewarm (${w.prewarm.local} `
      + `${w.timeZone.timezoneName}) to ${warm.after}: the raise is billed and permanent `
      + '(warm throughput can never be lowered).');
  }
  if (raisesCap) {
    changes.push(capChange(w.baseline, capRaise, capRestore, ChangeDirection.SCALE_DOWN));
  }
  return changes;
}

/**
 * The WarmThroughput request (SDK member casing) with only the sides that rise above what is in
 * force: the table's known setting, or what earlier events of the calendar raised it to. A side
 * an earlier event already raised as far is left out, and the plan says so.
 */
function warmThroughputChange(context: TierEventContext, tier: TableDescription, notes: string[], p: StatelessPlanInputs):
  { request: { [key: string]: number }; before: string; after: string } | undefined {
  const wanted = p.options.warmThroughput;
  if (!wanted) {
    return undefined;
  }
  const w = context.window;
  const request: { [key: string]: number } = {};
  const before: Array<number | undefined> = [];
  const after: Array<number | undefined> = [];
  for (const [member, side, value, known] of [
    ['ReadUnitsPerSecond', 'read', wanted.readUnitsPerSecond, tier.knownWarmThroughput?.readUnitsPerSecond],
    ['WriteUnitsPerSecond', 'write', wanted.writeUnitsPerSecond, tier.knownWarmThroughput?.writeUnitsPerSecond],
  ] as const) {
    if (value === undefined) {
      before.push(undefined);
      after.push(undefined);
      continue;
    }
    if (known !== undefined && value <= known) {
      // Already there (a raise recorded on the table, e.g. by a retired event): asking for less
      // would be rejected as a lowering.
      notes.push(`warm throughput ${side} stays at ${known}/s, the table's known warm throughput (it can never be `
        + `lowered), which covers this event's ${value}/s`);
      before.push(undefined);
      after.push(undefined);
      continue;
    }
    const decision = context.permanentSettings?.raiseTo(tier.table.tableArn, `warm throughput (${side} units per second)`,
      w.prewarm.instant, value, w.name);
    if (decision && !decision.send) {
      notes.push(`warm throughput ${side} stays at ${decision.inForce!.value}/s, raised by event `
        + `'${decision.inForce!.eventName}' (it can never be lowered), which covers this event's ${value}/s`);
      before.push(undefined);
      after.push(undefined);
      continue;
    }
    request[member] = value;
    before.push(Math.max(decision?.inForce?.value ?? 0, known ?? 0) || undefined);
    after.push(value);
  }
  if (Object.keys(request).length === 0) {
    return undefined;
  }
  const anyKnown = before.some((v) => v !== undefined);
  return {
    request,
    before: anyKnown ? warmText(before[0], before[1]) : 'warm as it is',
    after: warmText(after[0], after[1]),
  };
}

/** `warm read 30000/s, write 6000/s`, naming only the sides given. */
function warmText(read: number | undefined, write: number | undefined): string {
  const sides = [read !== undefined ? `read ${read}/s` : '', write !== undefined ? `write ${write}/s` : ''];
  return `warm ${sides.filter(Boolean).join(', ')}`;
}

function capText(cap: { [key: string]: number }): string {
  return Object.entries(cap)
    .map(([k, v]) => `${k === 'MaxReadRequestUnits' ? 'read' : 'write'} ${v}/s`)
    .join(', ');
}

