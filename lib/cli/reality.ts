import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingActivitiesCommand, ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetProvisionedConcurrencyConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DBInstance, RDSClient } from '@aws-sdk/client-rds';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DescribeExecutionCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventPlanChange, EventPlanDocument } from '../readiness/plan-document';
import { duration } from './io';

/** The clients `check` reads the event's resources with. */
export interface RealityClients {
  readonly scheduler: SchedulerClient;
  readonly rds: RDSClient;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly applicationAutoScaling: ApplicationAutoScalingClient;
  readonly lambda: LambdaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly stepFunctions: SFNClient;
  readonly ecs: ECSClient;
}

/** One change of the plan against what AWS reports now. */
export interface ChangeReading {
  readonly tier: string;
  /** The step, with its delay: `prewarm`, `prewarm+45m`. */
  readonly when: string;
  readonly atUtc: string;
  readonly setting: string;
  /**
   * The Region of a change in another Region than the event's.
   * @default - the event's Region
   */
  readonly region?: string;
  /** What the plan sets. */
  readonly planned: string;
  /** What AWS reports (or why it could not be read). */
  readonly actual: string;
  /**
   * `READY`: in place; `AT RISK`: still being applied, or not readable (nothing says it is in
   * place); `NOT READY`: not in place (failed, or never applied); `UPCOMING`: not due yet;
   * `NOT CHECKED`: a later change of the same setting supersedes it.
   */
  readonly verdict: 'READY' | 'AT RISK' | 'NOT READY' | 'UPCOMING' | 'NOT CHECKED';
  /**
   * For a gated ramp-down step: what its gate did (its state machine's execution for the step).
   * @default - not gated, or the step's execution was not found
   */
  readonly gate?: GateReading;
}

/** What a gated step's execution shows. */
export interface GateReading {
  /** `RUNNING` (held now), `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`. */
  readonly status: string;
  /** `APPLIED` or `SKIPPED`, once it has ended well. */
  readonly outcome?: string;
  /** How long the step was held (by its checks). */
  readonly heldSeconds: number;
  readonly startedUtc?: string;
  readonly executionArn?: string;
}

/** The dead-letter queue of the event's schedules. */
export interface QueueReading {
  readonly queueName: string;
  readonly messages?: number;
  readonly verdict: 'READY' | 'NOT READY';
  readonly actual: string;
}

type Verdict = ChangeReading['verdict'];

/** `prewarm`, `prewarm+45m`, as the schedules' descriptions name steps. */
export function whenOf(c: EventPlanChange): string {
  const ms = c.delaySeconds * 1000;
  if (ms === 0) {
    return c.step;
  }
  return ms % 60000 === 0 ? `${c.step}+${ms / 60000}m` : `${c.step}+${ms / 1000}s`;
}

/** A schedule of the event's group: its description, state, target action and request. */
interface ScheduleSeen {
  readonly description: string;
  readonly state: string;
  readonly action: string;
  readonly input: { [member: string]: any };
}

/**
 * Every change of the plan against the resources as they are: for each setting, the latest
 * change due by `now` is compared with what AWS reports (earlier ones are superseded); changes
 * not yet due are listed as upcoming. Scheduler changes are read through their schedules (which
 * hold the exact request, identifiers resolved), then the resource they change.
 */
export async function readChanges(plan: EventPlanDocument, now: Date, clients: RealityClients,
  stackName?: string, clientsIn?: (region: string) => RealityClients): Promise<ChangeReading[]> {
  const where = readersByRegion(plan, clients, await listSchedules(clients.scheduler, plan.scheduleGroup), clientsIn);
  /** What cannot be read in another Region (not enabled, denied, unreachable) is said there, not for the whole check. */
  const unreadable = new Map<string, string>();
  const gates = await readGates(plan, now, clients.stepFunctions);
  const rows: ChangeReading[] = [];
  for (const tier of plan.tiers) {
    const changes = [...tier.changes].sort((a, b) => Date.parse(a.atUtc) - Date.parse(b.atUtc));
    const superseded = supersededAmong(changes, now);
    for (const c of changes) {
      const base = { tier: tier.name, when: whenOf(c), atUtc: c.atUtc, setting: c.setting, region: c.region,
        planned: `${c.before} -> ${c.after}` };
      if (Date.parse(c.atUtc) > now.getTime()) {
        rows.push({ ...base, actual: `due at ${c.atUtc}`, verdict: 'UPCOMING' });
        continue;
      }
      if (superseded(c)) {
        rows.push({ ...base, actual: 'superseded by a later change', verdict: 'NOT CHECKED' });
        continue;
      }
      if (c.region !== undefined && unreadable.has(c.region)) {
        rows.push({ ...base, actual: unreadable.get(c.region)!, verdict: 'AT RISK' });
        continue;
      }
      const gate = c.gate ? gates.get(scheduleDescription(plan.eventName, tier.name, c)) : undefined;
      if (gate && gate.status !== 'SUCCEEDED') {
        rows.push({ ...base, ...gateVerdict(gate, c), gate });
        continue;
      }
      if (gate?.outcome === 'SKIPPED') {
        rows.push({ ...base, actual: `skipped by its gate: the tier stayed hot for ${duration(gate.heldSeconds)}`, verdict: 'AT RISK', gate });
        continue;
      }
      const held = gate && gate.heldSeconds > 0 ? ` (applied after its gate held it ${duration(gate.heldSeconds)})` : '';
      if (c.mechanism !== 'SCHEDULER_UNIVERSAL_TARGET') {
        const read = await compareScalableTarget(c, clients, stackName);
        // A gated step is started by a schedule and may be held: not in place yet is not failed yet.
        const waiting = c.gate !== undefined && gate === undefined && read.verdict === 'NOT READY'
          && now.getTime() < Date.parse(c.atUtc) + (c.retryWindowSeconds + c.leadTimeSeconds) * 1000;
        rows.push({ ...base, actual: `${read.actual}${held}${waiting ? ' (its gate may still be holding it)' : ''}`,
          verdict: waiting ? 'AT RISK' : read.verdict, gate });
        continue;
      }
      let schedule: ScheduleSeen | undefined;
      let compared: { actual: string; verdict: Verdict } | undefined;
      try {
        const there = await where(c);
        schedule = there.schedules.get(scheduleDescription(plan.eventName, tier.name, c));
        // A gated step's schedule starts its gate with the request the gate sends once it opens.
        compared = schedule && await compare(schedule.input.request ? { ...schedule, action: c.action, input: schedule.input.request }
          : schedule, c, there.clients);
      } catch (error) {
        if (c.region === undefined) {
          throw error;
        }
        unreadable.set(c.region, `not read in ${c.region}: ${(error as Error).message}`);
        rows.push({ ...base, actual: unreadable.get(c.region)!, verdict: 'AT RISK' });
        continue;
      }
      if (!schedule || !compared) {
        rows.push({ ...base, actual: c.scheduled ? 'its schedule is not in the group' : 'past when the stack was synthesized, so '
          + 'never scheduled: check the resource by hand', verdict: c.scheduled ? 'NOT READY' : 'AT RISK' });
        continue;
      }
      // Not in place yet, but Scheduler may still be retrying it and it may still be taking effect.
      const inTime = now.getTime() < Date.parse(c.atUtc) + (c.retryWindowSeconds + c.leadTimeSeconds) * 1000;
      const { actual, verdict } = compared.verdict === 'NOT READY' && inTime
        ? { actual: `${compared.actual} (within its lead time and retries)`, verdict: 'AT RISK' as Verdict } : compared;
      rows.push({ ...base, actual: `${schedule.state === 'ENABLED' ? actual : `${actual} (schedule ${schedule.state})`}${held}`, verdict, gate });
    }
  }
  return rows;
}

/**
 * The schedules and clients each change is read with: the event's Region's, or for a change in
 * another Region, that Region's (its schedule group listed once, on first use).
 */
function readersByRegion(plan: EventPlanDocument, clients: RealityClients, schedules: Map<string, ScheduleSeen>,
  clientsIn: ((region: string) => RealityClients) | undefined) {
  const elsewhere = new Map<string, { clients: RealityClients; schedules: Map<string, ScheduleSeen> }>();
  return async (c: EventPlanChange) => {
    if (c.region === undefined || !clientsIn) {
      return { clients, schedules };
    }
    if (!elsewhere.has(c.region)) {
      const regional = clientsIn(c.region);
      const group = plan.regions?.find((r) => r.region === c.region)?.scheduleGroup ?? plan.scheduleGroup;
      elsewhere.set(c.region, { clients: regional, schedules: await listSchedules(regional.scheduler, group) });
    }
    return elsewhere.get(c.region)!;
  };
}

/**
 * Whether a later due change supersedes a change (time-ordered `changes`): one of the same setting,
 * and for a step of a change (`event replica 1 in eu-west-1: reboot`) one of the setting itself
 * (the replica's deletion), not the other way round.
 */
function supersededAmong(changes: EventPlanChange[], now: Date): (c: EventPlanChange) => boolean {
  const due = changes.filter((x) => Date.parse(x.atUtc) <= now.getTime());
  const latestDue = new Map(due.map((c) => [c.setting, c]));
  const stepOf = (c: EventPlanChange) => /^(.+?): /.exec(c.setting)?.[1];
  return (c) => latestDue.get(c.setting) !== c || (stepOf(c) !== undefined
    && due.some((x) => x.setting === stepOf(c) && Date.parse(x.atUtc) > Date.parse(c.atUtc)));
}

/** A gated step's execution that has not ended well (or not ended). */
function gateVerdict(gate: GateReading, c: EventPlanChange): { actual: string; verdict: Verdict } {
  if (gate.status === 'RUNNING') {
    return { actual: `held by its gate since ${gate.startedUtc ?? 'its time'}: the tier is hot (${duration(gate.heldSeconds)} so far, `
      + `at most ${duration(c.gate!.maximumHoldSeconds)})`, verdict: 'AT RISK' };
  }
  return { actual: `its gate's execution ${gate.status} (${gate.executionArn}): apply the step by hand if still needed`, verdict: 'NOT READY' };
}

/**
 * Every gated step's execution, by the change it makes (its input's `change`, the schedule's
 * description): the tiers' gate state machines are found by name, their executions started since
 * the event's prewarm read.
 */
async function readGates(plan: EventPlanDocument, now: Date, client: SFNClient): Promise<Map<string, GateReading>> {
  const names = new Set(plan.tiers.flatMap((t) => t.changes.filter((c) => c.gate && Date.parse(c.atUtc) <= now.getTime())
    .map((c) => c.gate!.stateMachineName)));
  const found = new Map<string, GateReading>();
  if (names.size === 0) {
    return found;
  }
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand({ nextToken: token }));
    arns.push(...(page.stateMachines ?? []).filter((m) => names.has(m.name ?? '')).map((m) => m.stateMachineArn!));
    token = page.nextToken;
  } while (token);
  const since = Date.parse(plan.timeline[0].utc);
  for (const stateMachineArn of arns) {
    let next: string | undefined;
    do {
      const page = await client.send(new ListExecutionsCommand({ stateMachineArn, nextToken: next }));
      let older = false;
      for (const e of page.executions ?? []) {
        if (e.startDate && e.startDate.getTime() < since) {
          // an earlier event's (a name reused after an event was retired); the list is newest first
          older = true;
          break;
        }
        const d = await client.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
        let input: any = {};
        let output: any = {};
        try {
          input = JSON.parse(d.input ?? '{}');
          output = JSON.parse(d.output ?? '{}');
        } catch {
          // not the gate's: left out
        }
        if (typeof input.change !== 'string') {
          continue;
        }
        // A step's schedule may start it more than once (a retried start): the latest counts.
        const previous = found.get(input.change);
        if (previous?.startedUtc && d.startDate && previous.startedUtc > d.startDate.toISOString()) {
          continue;
        }
        found.set(input.change, {
          status: d.status ?? 'UNKNOWN',
          outcome: output.outcome,
          // while running, the hold so far is the time since it started (its output comes at the end)
          heldSeconds: d.status === 'RUNNING' && d.startDate ? Math.max(0, (now.getTime() - d.startDate.getTime()) / 1000)
            : Number(output.held?.seconds ?? 0),
          startedUtc: d.startDate?.toISOString(),
          executionArn: d.executionArn,
        });
      }
      next = older ? undefined : page.nextToken;
    } while (next);
  }
  return found;
}

/**
 * The group's schedules by description. Each schedule's description is the change it makes,
 * `<event>/<tier> <when>: <setting> <before> -> <after>` (cut to Scheduler's 512 characters).
 */
async function listSchedules(client: SchedulerClient, group: string): Promise<Map<string, ScheduleSeen>> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    // A group that does not exist has no schedules: each due change then reads as not scheduled.
    const page = await notFoundAsEmpty(() => client.send(new ListSchedulesCommand({ GroupName: group, NextToken: token })));
    names.push(...(page?.Schedules ?? []).map((s) => s.Name!));
    token = page?.NextToken;
  } while (token);
  const byDescription = new Map<string, ScheduleSeen>();
  for (const name of names) {
    const s = await notFoundAsEmpty(() => client.send(new GetScheduleCommand({ Name: name, GroupName: group })));
    if (!s) {
      continue; // deleted since it was listed
    }
    let input: { [member: string]: any } = {};
    try {
      input = JSON.parse(s.Target?.Input ?? '{}');
    } catch {
      // not JSON: compared as an empty request, so reported as not in place
    }
    byDescription.set(s.Description ?? '', {
      description: s.Description ?? '',
      state: s.State ?? 'UNKNOWN',
      action: /aws-sdk:([^:]+:[^:]+)$/.exec(s.Target?.Arn ?? '')?.[1] ?? '',
      input,
    });
  }
  return byDescription;
}

/** The description the readiness construct gives the schedule of a change. */
export function scheduleDescription(eventName: string, tier: string, c: EventPlanChange): string {
  const text = `${eventName}/${tier} ${whenOf(c)}: ${c.setting} ${c.before} -> ${c.after}`;
  return text.length <= 512 ? text : `${text.slice(0, 511)}…`;
}

/** The resource a schedule changes, as AWS reports it now, against the change's request. */
async function compare(s: ScheduleSeen, c: EventPlanChange, clients: RealityClients): Promise<{ actual: string; verdict: Verdict }> {
  const input = s.input;
  switch (s.action) {
    case 'rds:modifyDBInstance': {
      const db = await instance(clients.rds, input.DbInstanceIdentifier);
      if (!db) {
        return { actual: `instance ${input.DbInstanceIdentifier} not found`, verdict: 'NOT READY' };
      }
      const pending = db.PendingModifiedValues ?? {};
      const parts: Array<{ text: string; verdict: Verdict }> = [];
      if (input.DbParameterGroupName !== undefined) {
        // The group is taken at once, its values at the next reboot (a change of its own).
        const group = (db.DBParameterGroups ?? []).find((g) => g.DBParameterGroupName === input.DbParameterGroupName);
        parts.push(!group ? { text: `in ${(db.DBParameterGroups ?? []).map((g) => g.DBParameterGroupName).join(', ') || 'no group'}: `
          + `the move to ${input.DbParameterGroupName} is not applied`, verdict: 'NOT READY' }
          : { text: `in ${group.DBParameterGroupName} (${group.ParameterApplyStatus})`,
            verdict: group.ParameterApplyStatus === 'applying' ? 'AT RISK' : 'READY' });
      }
      if (input.DbInstanceClass !== undefined) {
        parts.push(db.DBInstanceClass === input.DbInstanceClass
          ? { text: `${db.DBInstanceClass} (${db.DBInstanceStatus})`, verdict: db.DBInstanceStatus === 'available' ? 'READY' : 'AT RISK' }
          : pending.DBInstanceClass === input.DbInstanceClass
            ? { text: `${db.DBInstanceClass}, changing to ${pending.DBInstanceClass} (${db.DBInstanceStatus})`, verdict: 'AT RISK' }
            : { text: `${db.DBInstanceClass}: the change to ${input.DbInstanceClass} is not applied or pending`, verdict: 'NOT READY' });
      }
      for (const [member, actual, pendingValue, unit] of [
        ['Iops', db.Iops, pending.Iops, 'IOPS'], ['StorageThroughput', db.StorageThroughput, pending.StorageThroughput, 'MiB/s'],
      ] as const) {
        const wanted = input[member] as number | undefined;
        if (wanted === undefined) {
          continue;
        }
        const up = c.direction === 'SCALE_UP';
        parts.push((up ? (actual ?? 0) >= wanted : actual === wanted)
          ? { text: `${actual} ${unit}`, verdict: 'READY' }
          : pendingValue === wanted
            ? { text: `${actual} ${unit}, changing to ${pendingValue}`, verdict: 'AT RISK' }
            : { text: `${actual ?? 'unknown'} ${unit}: the change to ${wanted} is not applied or pending`, verdict: 'NOT READY' });
      }
      return combine(parts);
    }
    case 'rds:createDBInstanceReadReplica': {
      const db = await instance(clients.rds, input.DbInstanceIdentifier);
      if (!db) {
        return { actual: `replica ${input.DbInstanceIdentifier} does not exist`, verdict: 'NOT READY' };
      }
      const failed = (db.StatusInfos ?? []).find((i) => i.StatusType === 'read replication' && i.Status !== 'replicating');
      if (failed) {
        return { actual: `${db.DBInstanceIdentifier}: replication ${failed.Status}${failed.Message ? ` (${failed.Message})` : ''}`, verdict: 'NOT READY' };
      }
      return db.DBInstanceStatus === 'available'
        ? { actual: `${db.DBInstanceIdentifier} available, ${db.DBInstanceClass}`, verdict: 'READY' }
        : { actual: `${db.DBInstanceIdentifier} ${db.DBInstanceStatus}`, verdict: 'AT RISK' };
    }
    case 'rds:rebootDBInstance': {
      const db = await instance(clients.rds, input.DbInstanceIdentifier);
      if (!db) {
        return { actual: `instance ${input.DbInstanceIdentifier} not found`, verdict: 'NOT READY' };
      }
      const waiting = (db.DBParameterGroups ?? []).find((g) => g.ParameterApplyStatus === 'pending-reboot');
      if (waiting) {
        return { actual: `${db.DBInstanceIdentifier}: ${waiting.DBParameterGroupName} waits for a reboot (${db.DBInstanceStatus})`,
          verdict: db.DBInstanceStatus === 'rebooting' ? 'AT RISK' : 'NOT READY' };
      }
      return { actual: `${db.DBInstanceIdentifier} ${db.DBInstanceStatus}, parameters in sync`,
        verdict: db.DBInstanceStatus === 'available' ? 'READY' : 'AT RISK' };
    }
    case 'rds:deleteDBInstance': {
      const db = await instance(clients.rds, input.DbInstanceIdentifier);
      return db
        ? { actual: `${db.DBInstanceIdentifier} still exists (${db.DBInstanceStatus})`, verdict: 'AT RISK' }
        : { actual: `${input.DbInstanceIdentifier} deleted`, verdict: 'READY' };
    }
    case 'rds:modifyDBCluster': {
      const page = await notFoundAsEmpty(() => clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: input.DbClusterIdentifier })));
      const cluster = page?.DBClusters?.[0];
      if (!cluster) {
        return { actual: `cluster ${input.DbClusterIdentifier} not found`, verdict: 'NOT READY' };
      }
      const wanted = input.ServerlessV2ScalingConfiguration ?? {};
      const now = cluster.ServerlessV2ScalingConfiguration ?? {};
      const text = `${now.MinCapacity}-${now.MaxCapacity} ACU (${cluster.Status})`;
      if (now.MinCapacity === wanted.MinCapacity && now.MaxCapacity === wanted.MaxCapacity) {
        return { actual: text, verdict: cluster.Status === 'available' ? 'READY' : 'AT RISK' };
      }
      return { actual: `${text}: the change to ${wanted.MinCapacity}-${wanted.MaxCapacity} ACU is not applied`,
        verdict: cluster.Status === 'modifying' ? 'AT RISK' : 'NOT READY' };
    }
    case 'dynamodb:updateTable': {
      const page = await notFoundAsEmpty(() => clients.dynamodb.send(new DescribeTableCommand({ TableName: input.TableName })));
      const table = page?.Table;
      if (!table) {
        return { actual: `table ${input.TableName} not found`, verdict: 'NOT READY' };
      }
      const parts: Array<{ text: string; verdict: Verdict }> = [];
      if (input.OnDemandThroughput) {
        const now = table.OnDemandThroughput ?? {};
        const wanted = input.OnDemandThroughput;
        const same = (['MaxReadRequestUnits', 'MaxWriteRequestUnits'] as const)
          .every((k) => wanted[k] === undefined || now[k] === wanted[k]);
        parts.push({ text: `cap ${now.MaxReadRequestUnits ?? '-'} reads/s, ${now.MaxWriteRequestUnits ?? '-'} writes/s`
          + (same ? '' : ': the change is not applied'), verdict: same ? 'READY' : 'NOT READY' });
      }
      if (input.WarmThroughput) {
        const now = table.WarmThroughput ?? {};
        const wanted = input.WarmThroughput;
        const enough = (['ReadUnitsPerSecond', 'WriteUnitsPerSecond'] as const)
          .every((k) => wanted[k] === undefined || (now[k] ?? 0) >= wanted[k]);
        const text = `warm ${now.ReadUnitsPerSecond ?? '-'} reads/s, ${now.WriteUnitsPerSecond ?? '-'} writes/s (${now.Status ?? 'unknown'})`;
        parts.push(enough && now.Status !== 'UPDATING'
          ? { text, verdict: 'READY' }
          : now.Status === 'UPDATING' ? { text: `${text}, being raised`, verdict: 'AT RISK' }
            : { text: `${text}: below the plan's`, verdict: 'NOT READY' });
      }
      return combine(parts);
    }
    case 'applicationautoscaling:registerScalableTarget':
      // A target another stack registered, its bounds updated by the event's call.
      return compareTarget({ resourceId: input.ResourceId, dimension: input.ScalableDimension, namespace: input.ServiceNamespace,
        min: input.MinCapacity, max: input.MaxCapacity, owned: true }, clients);
    default:
      return { actual: `${s.action || 'an unknown action'}: not read by this CLI`, verdict: 'AT RISK' };
  }
}

/**
 * An Application Auto Scaling change: the scalable target (found through the readiness stack:
 * its physical ID is `<resource ID>|<dimension>|<namespace>`), its latest scaling activity, and
 * the capacity itself (a function's provisioned concurrency config, a cluster's readers).
 */
async function compareScalableTarget(c: EventPlanChange, clients: RealityClients,
  stackName: string | undefined): Promise<{ actual: string; verdict: Verdict }> {
  if (c.scalableTargetLogicalId === undefined || stackName === undefined) {
    return { actual: 'its scalable target cannot be found without the deployed stack\'s name', verdict: 'AT RISK' };
  }
  const resource = await notFoundAsEmpty(() => clients.cloudFormation.send(new DescribeStackResourceCommand({
    StackName: stackName, LogicalResourceId: c.scalableTargetLogicalId,
  })));
  // The physical ID is what Ref gives: `<resource ID>|<dimension>|<namespace>` (aws-cdk-lib's
  // ScalableTarget.scalableTargetId: `service/…/…|ecs:service:DesiredCount|ecs`).
  const [resourceId, dimension, namespace] = (resource?.StackResourceDetail?.PhysicalResourceId ?? '').split('|');
  if (!resourceId || !dimension || !namespace) {
    return { actual: `scalable target ${c.scalableTargetLogicalId} not found in stack ${stackName}`, verdict: 'NOT READY' };
  }
  return compareTarget({ resourceId, dimension, namespace, min: c.afterValue ?? Number(c.after) }, clients);
}

/**
 * A scalable target against the minimum a change sets (and the maximum, for a target another
 * stack registered): the target, its latest scaling activity, and the capacity itself (a
 * function's provisioned concurrency config, a cluster's readers).
 */
async function compareTarget(t: { resourceId: string; dimension: string; namespace: string; min: number; max?: number; owned?: boolean },
  clients: RealityClients): Promise<{ actual: string; verdict: Verdict }> {
  const { resourceId, dimension, namespace } = t;
  const planned = t.min;
  const aas = clients.applicationAutoScaling;
  const ns = namespace as ServiceNamespace;
  const target = (await aas.send(new DescribeScalableTargetsCommand({
    ServiceNamespace: ns, ResourceIds: [resourceId], ScalableDimension: dimension as any,
  }))).ScalableTargets?.[0];
  if (!target) {
    return { actual: `${resourceId} is not registered with Application Auto Scaling`, verdict: 'NOT READY' };
  }
  const activity = (await aas.send(new DescribeScalingActivitiesCommand({
    ServiceNamespace: ns, ResourceId: resourceId, ScalableDimension: dimension as any, MaxResults: 1,
  }))).ScalingActivities?.[0];
  const bounds = `target ${target.MinCapacity}-${target.MaxCapacity}`;
  if (t.owned && (target.MinCapacity !== planned || (t.max !== undefined && target.MaxCapacity !== t.max))) {
    // The team's stack registers it: a deploy that updates the target there sets its template's bounds again.
    return { actual: `${bounds}, not the event's ${planned}-${t.max}: the call has not applied, or the owner's stack was deployed `
      + 'since with a change to the target (CloudFormation then sets its template\'s bounds)', verdict: 'NOT READY' };
  }
  if (target.MinCapacity !== planned) {
    // The latest activity says why the capacity is not the plan's (a stale failure does not count
    // once the capacity is right).
    if (activity?.StatusCode === 'Failed' || activity?.StatusCode === 'Unfulfilled') {
      return { actual: `${bounds}: scaling ${activity.StatusCode.toLowerCase()}: ${activity.StatusMessage ?? activity.Description ?? 'no message'}`,
        verdict: 'NOT READY' };
    }
    return { actual: `${bounds}: the scheduled action to ${planned} has not applied`,
      verdict: activity?.StatusCode === 'InProgress' || activity?.StatusCode === 'Pending' ? 'AT RISK' : 'NOT READY' };
  }
  if (dimension === 'lambda:function:ProvisionedConcurrency') {
    const [, fn, qualifier] = resourceId.split(':');
    let config;
    try {
      config = await clients.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: fn, Qualifier: qualifier }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'ProvisionedConcurrencyConfigNotFoundException') {
        if (name === 'ResourceNotFoundException') {
          return { actual: `${bounds}, but function ${fn}:${qualifier} was not found`, verdict: 'NOT READY' };
        }
        throw error;
      }
    }
    if (!config) {
      return planned === 0 ? { actual: `${bounds}, none configured`, verdict: 'READY' }
        : { actual: `${bounds}, but no provisioned concurrency is configured on ${fn}:${qualifier}`, verdict: 'NOT READY' };
    }
    const allocated = `${bounds}, ${config.AllocatedProvisionedConcurrentExecutions ?? 0} of `
      + `${config.RequestedProvisionedConcurrentExecutions ?? 0} allocated (${config.Status})`;
    if (config.Status === 'FAILED') {
      return { actual: `${allocated}: ${config.StatusReason ?? 'no reason given'}`, verdict: 'NOT READY' };
    }
    return (config.AllocatedProvisionedConcurrentExecutions ?? 0) >= planned && config.Status === 'READY'
      ? { actual: allocated, verdict: 'READY' } : { actual: allocated, verdict: 'AT RISK' };
  }
  if (dimension === 'rds:cluster:ReadReplicaCount') {
    const id = resourceId.replace(/^cluster:/, '');
    const cluster = (await notFoundAsEmpty(() => clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))))?.DBClusters?.[0];
    if (!cluster) {
      return { actual: `${bounds}, but cluster ${id} was not found`, verdict: 'NOT READY' };
    }
    // A member is listed as soon as it exists: count only readers that are available.
    const readerIds = new Set((cluster.DBClusterMembers ?? []).filter((m) => !m.IsClusterWriter).map((m) => m.DBInstanceIdentifier));
    const instances = (await clients.rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] })))
      .DBInstances ?? [];
    const available = instances.filter((i) => readerIds.has(i.DBInstanceIdentifier) && i.DBInstanceStatus === 'available').length;
    return available >= planned ? { actual: `${bounds}, ${available} readers available`, verdict: 'READY' }
      : { actual: `${bounds}, ${available} of ${planned} readers available so far`, verdict: 'AT RISK' };
  }
  if (dimension === 'ecs:service:DesiredCount') {
    return compareService(resourceId, bounds, planned, clients.ecs);
  }
  return { actual: `${bounds}: the capacity itself is not read by this CLI`, verdict: 'AT RISK' };
}

/**
 * An ECS service against the minimum task count in force: its running, desired and pending
 * tasks, and its deployments (a failed rollout, or tasks that keep failing to start).
 */
async function compareService(resourceId: string, bounds: string, planned: number, ecs: ECSClient): Promise<{ actual: string; verdict: Verdict }> {
  // service/<cluster>/<service>
  const [, cluster, name] = resourceId.split('/');
  // A cluster that is not there is an error (ClusterNotFoundException); a service that is not, a failure (MISSING).
  const answer = await notFoundAsEmpty(() => ecs.send(new DescribeServicesCommand({ cluster, services: [name] })));
  const service = answer?.services?.[0];
  if (!service || service.status !== 'ACTIVE') {
    const why = !answer ? `cluster ${cluster} was not found` : service ? `service ${name} of cluster ${cluster} is ${service.status}`
      : `service ${name} of cluster ${cluster} was not found${answer.failures?.[0]?.reason ? ` (${answer.failures[0].reason})` : ''}`;
    return { actual: `${bounds}, but ${why}`, verdict: 'NOT READY' };
  }
  const running = service.runningCount ?? 0;
  const tasks = `${bounds}, ${running} running of ${service.desiredCount ?? 0} desired (${service.pendingCount ?? 0} pending)`;
  const failed = (service.deployments ?? []).find((d) => d.rolloutState === 'FAILED');
  if (failed) {
    return { actual: `${tasks}: a deployment failed: ${failed.rolloutStateReason ?? 'no reason given'}`, verdict: 'NOT READY' };
  }
  const failing = (service.deployments ?? []).find((d) => (d.failedTasks ?? 0) > 0 && (d.runningCount ?? 0) === 0);
  if (running >= planned) {
    return { actual: tasks, verdict: 'READY' };
  }
  // Why tasks do not start is in the service's newest event (capacity, image pull, IP addresses).
  const latest = service.events?.[0]?.message;
  return { actual: `${tasks}, ${planned} planned` + (failing ? `: ${failing.failedTasks} tasks failed to start` : '')
    + (latest ? `; latest event: ${latest}` : ''), verdict: failing ? 'NOT READY' : 'AT RISK' };
}

/** The worst verdict of the parts, their texts joined. */
function combine(parts: Array<{ text: string; verdict: Verdict }>): { actual: string; verdict: Verdict } {
  const order: Verdict[] = ['NOT READY', 'AT RISK', 'READY'];
  const verdict = order.find((v) => parts.some((p) => p.verdict === v)) ?? 'AT RISK';
  return { actual: parts.map((p) => p.text).join('; ') || 'nothing in the request to compare', verdict };
}

async function instance(rds: RDSClient, id: string): Promise<DBInstance | undefined> {
  const page = await notFoundAsEmpty(() => rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })));
  return page?.DBInstances?.[0];
}

/**
 * A "not found" answer as undefined; other errors as they are. The services say it differently:
 * RDS `DBInstanceNotFoundFault`, DynamoDB and Lambda `ResourceNotFoundException`, Lambda
 * `ProvisionedConcurrencyConfigNotFoundException`, SQS `QueueDoesNotExist`, CloudFormation a
 * `ValidationError` whose message says the stack or resource "does not exist".
 */
export async function notFoundAsEmpty<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const { name = '', message = '' } = error as { name?: string; message?: string };
    if (/NotFound|DoesNotExist/.test(name) || (name === 'ValidationError' && /does not exist/i.test(message))) {
      return undefined;
    }
    throw error;
  }
}

/** The dead-letter queue's depth: a message is a scheduled change that failed for good. */
export async function readQueue(sqs: SQSClient, queueName: string): Promise<QueueReading> {
  const url = await notFoundAsEmpty(() => sqs.send(new GetQueueUrlCommand({ QueueName: queueName })));
  if (!url?.QueueUrl) {
    return { queueName, verdict: 'NOT READY', actual: 'queue not found' };
  }
  const attributes = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: url.QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  }));
  const messages = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0)
    + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  return messages > 0
    ? { queueName, messages, verdict: 'NOT READY', actual: `${messages} failed change(s): read them, apply by hand if still needed, purge` }
    : { queueName, messages, verdict: 'READY', actual: 'empty' };
}
