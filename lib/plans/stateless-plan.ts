import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { TimelineStep } from '../event/timeline-step';
import { combinedExpression, expressionAgainstLimit, timeOf } from '../private/in-force';
import { DEFAULT_TABLE_THROUGHPUT_QUOTA } from '../private/limits';
import { indexThrottleEvents, tableCapThrottleEvents, tableThrottlesByCause, tableConsumedCapacity, tableSystemErrors, tableThrottleEvents } from '../private/metrics';
import { defaultTierName, isWholeNumber } from '../private/plan-helpers';
import { checkDuration, checkNumber, LEAD_TIME, MAX_INTEGER, numberProblem } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { warn } from '../private/warnings';
import { pinnedCapacityRamp } from './capacity-ramp';
import { changeSpan } from './change-span';
import { AutoScalingTarget, ChangeDirection, ScheduledChange } from './scheduled-change';
import { ITierEventPlan, TierAlarm, TierDashboardGraph, TierEventBinding, TierEventContext } from './tier-plan';

/** Lambda's default concurrency quota per account and Region. */
const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/**
 * Invocations a minute needs for the pc-configured alarm to judge (none on provisioned
 * concurrency means none there), and executions on it to judge how much is configured (their
 * maximum ÷ the utilization's maximum): with fewer, the ratio is too coarse.
 */
const PC_CONFIGURED_GUARD = 10;
/** Lambda keeps this much of the account's concurrency unreserved. */
const UNRESERVED_CONCURRENCY = 100;

/** A stateless tier's peak settings for one event. */
export interface StatelessTierEventOptions {
  /**
   * The tier's name in the event (alarm names, dashboard row).
   * @default - the tier construct's id in kebab-case
   */
  readonly tierName?: string;
  /**
   * Provisioned concurrency on the alias from prewarm to the end of the event; it then
   * steps down linearly (rounded) to `baselineProvisionedConcurrency` over the ramp-down.
   * @default - provisioned concurrency is not managed
   */
  readonly provisionedConcurrency?: number;
  /**
   * Provisioned concurrency before and after the event.
   * @default 0
   */
  readonly baselineProvisionedConcurrency?: number;
  /**
   * Worst-case time for Lambda to allocate the peak provisioned concurrency.
   * @default Duration.minutes(15)
   */
  readonly provisionedConcurrencyLeadTime?: Duration;
  /**
   * Raise the table's warm throughput at prewarm. Permanent (it can never be lowered)
   * and billed: synth warns.
   * @default - warm throughput is not changed
   */
  readonly warmThroughput?: dynamodb.WarmThroughput;
  /**
   * Worst-case time for a warm-throughput update (asynchronous) to complete.
   * @default Duration.hours(1)
   */
  readonly warmThroughputLeadTime?: Duration;
  /**
   * The planned peak read request units per second, checked against the table's cost cap.
   * @default - warmThroughput.readUnitsPerSecond, if given
   */
  readonly peakReadRequestUnits?: number;
  /**
   * The planned peak write request units per second, checked against the table's cost cap.
   * @default - warmThroughput.writeUnitsPerSecond, if given
   */
  readonly peakWriteRequestUnits?: number;
  /**
   * The table's read cost cap during the event (raised at prewarm, restored at baseline).
   * Only for a table that has a cap.
   * @default - unchanged
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's write cost cap during the event (raised at prewarm, restored at baseline).
   * @default - unchanged
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * The account's per-table throughput quota, request units per second.
   * @default 40000
   */
  readonly tableThroughputQuota?: number;
  /**
   * Alarm when the alias is throttled at least this often per minute (2 of 3 minutes).
   * @default 1
   */
  readonly throttlesAlarmThreshold?: number;
  /**
   * Alarm when at least this percentage of the alias's invocations fail (2 of 3 minutes), in
   * minutes with at least `minimumRequestsPerMinute` invocations. A rate, not a count: 10
   * errors a minute is noise at 40,000 requests a second and an outage at 20.
   * @default 1
   */
  readonly errorRateAlarmPercent?: number;
  /**
   * The least traffic a minute must have for the error rates (Lambda errors, API 5xx) to count:
   * below it, a single failure would be a large share of almost nothing.
   * @default 60
   */
  readonly minimumRequestsPerMinute?: number;
  /**
   * Alarm when at least this many invocations per minute spill over provisioned
   * concurrency (2 of 3 minutes). Only with `provisionedConcurrency`.
   * @default 1
   */
  readonly spilloverAlarmThreshold?: number;
  /**
   * Alarm when the table throttles at least this many requests per minute (2 of 3 minutes).
   * @default 1
   */
  readonly tableThrottlesAlarmThreshold?: number;
  /**
   * Alarm when at least this percentage of the HTTP API's requests get a 5xx (2 of 3 minutes),
   * in minutes with at least `minimumRequestsPerMinute` requests.
   * @default 1
   */
  readonly apiServerErrorRateAlarmPercent?: number;
  /**
   * Alarm when at least this percentage of the HTTP API's requests get a 4xx (2 of 3 minutes),
   * in minutes with at least `minimumRequestsPerMinute` requests: a stage's throttling answers
   * 429, a 4xx, not a 5xx.
   * @default 10
   */
  readonly apiClientErrorRateAlarmPercent?: number;
  /**
   * Alarm when the HTTP API's p99 latency stays above this (2 of 3 minutes).
   * @default Duration.seconds(1)
   */
  readonly apiLatencyAlarmThreshold?: Duration;
  /**
   * The account's Lambda concurrency quota in the Region (provisioned concurrency counts in it):
   * alarm when the concurrency claimed in the account reaches 90 % of it (2 of 3 minutes).
   * Running out throttles every function of the account. Read it with `aws lambda
   * get-account-settings --query AccountLimit.ConcurrentExecutions` (or Service Quotas,
   * L-B99A9384). The event has one such alarm (`<event>-account-concurrency`), however many
   * stateless tiers it has: they must give the same quota.
   * @default 1000
   */
  readonly accountConcurrencyQuota?: number;
}

/** The function side of a stateless description. */
export interface FunctionDescription {
  /** The function's name, unqualified. */
  readonly functionName: string;
  /**
   * The version alias provisioned concurrency is set on; absent for a bare function.
   * @default - none
   */
  readonly aliasName?: string;
  /**
   * The function's reserved concurrency, if known.
   * @default - none
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The function's memory, MiB, if known (prices provisioned concurrency).
   * @default - not known
   */
  readonly memoryMiB?: number;
  /**
   * The function's architecture (`x86_64`, `arm64`), if known.
   * @default - not known
   */
  readonly architecture?: string;
}

/** The table side of a stateless description. */
export interface TableDescription {
  readonly table: dynamodb.ITable;
  /**
   * The table's everyday read cost cap, if it has one.
   * @default - none
   */
  readonly maxReadRequestUnits?: number;
  /**
   * The table's everyday write cost cap, if it has one.
   * @default - none
   */
  readonly maxWriteRequestUnits?: number;
  /**
   * The table's warm throughput as far as it is known (it can only have risen since).
   * @default - none
   */
  readonly knownWarmThroughput?: dynamodb.WarmThroughput;
  /**
   * The names of its global secondary indexes (their throttles are watched too).
   * @default - none known
   */
  readonly globalSecondaryIndexNames?: string[];
}

/**
 * What a stateless plan needs to know: a function (alias) and/or an on-demand table, from a
 * `StatelessTier` or from resources the library did not create (`ExistingStatelessResources`).
 * Not exported from the package.
 */
export interface StatelessDescription {
  /** The construct the plan is for: errors name its path, warnings are attached to it. */
  readonly construct: IConstruct;
  /** What built the description, for messages (`StatelessTier.forEvent`). */
  readonly subject: string;
  readonly function?: FunctionDescription;
  readonly table?: TableDescription;
  /**
   * The HTTP API in front, if any.
   * @default - none
   */
  readonly httpApi?: apigw.IHttpApi;
  /** A metric of the function (alias if there is one; 1-minute period unless given). */
  functionMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * The event plan of a function and an on-demand table: provisioned concurrency on the alias,
 * warm throughput and the cost cap of the table, alarms and graphs. One implementation for
 * tiers and existing resources.
 */
export class StatelessPlan implements ITierEventPlan {
  public readonly tierName: string;
  public readonly tier: IConstruct;

  constructor(private readonly resources: StatelessDescription, private readonly options: StatelessTierEventOptions) {
    this.tier = resources.construct;
    this.tierName = options.tierName ?? defaultTierName(resources.construct.node.id);
    this.validate();
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const o = this.options;
    const changes: ScheduledChange[] = [];

    if (o.provisionedConcurrency !== undefined) {
      const peak = o.provisionedConcurrency;
      const base = o.baselineProvisionedConcurrency ?? 0;
      const fn = this.resources.function!;
      const target = new AutoScalingTarget({
        id: 'ProvisionedConcurrency',
        serviceNamespace: ServiceNamespace.LAMBDA,
        resourceId: `function:${fn.functionName}:${fn.aliasName}`,
        scalableDimension: 'lambda:function:ProvisionedConcurrency',
        baselineMinCapacity: base,
        baselineMaxCapacity: base,
        serviceLinkedRole: 'lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
      });
      changes.push(...pinnedCapacityRamp({
        window: w,
        target,
        setting: 'provisioned concurrency',
        peak,
        baseline: base,
        scaleUpLeadTime: o.provisionedConcurrencyLeadTime ?? Duration.minutes(15),
        scaleDownLeadTime: Duration.minutes(1),
      }));
    }

    const notes: string[] = [];
    if (this.resources.table) {
      changes.push(...this.tableChanges(scope, context, this.resources.table, notes));
    }

    const fn = this.resources.function;
    return {
      changes,
      alarms: this.alarms(scope, context, changes),
      dashboardGraphs: this.graphs(),
      notes,
      costBasis: fn ? { functionMemoryMiB: fn.memoryMiB, functionArchitecture: fn.architecture } : undefined,
    };
  }

  private tableChanges(scope: Construct, context: TierEventContext, tier: TableDescription, notes: string[]): ScheduledChange[] {
    const w = context.window;
    const o = this.options;
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

    const warm = this.warmThroughputChange(context, tier, notes);
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
        `Tier '${this.tierName}' raises the warm throughput of its table at prewarm (${w.prewarm.local} `
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
  private warmThroughputChange(context: TierEventContext, tier: TableDescription, notes: string[]):
  { request: { [key: string]: number }; before: string; after: string } | undefined {
    const wanted = this.options.warmThroughput;
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

  /**
   * Provisioned concurrency CONFIGURED short of the plan in force (the lower of the two values
   * while a change settles), in minutes the alias has traffic: none of its invocations run on
   * provisioned concurrency (nothing there: a scheduled action failed, which Application Auto
   * Scaling reports nowhere else, or Lambda allocated none), or, with enough running on it to
   * tell, less than 90 % of the plan configured. Lambda defines ProvisionedConcurrencyUtilization
   * against the provisioned concurrency configured, so executions ÷ utilization is the configured
   * amount, not the allocated one: a configuration applied but only partly allocated does not
   * show here. CloudWatch has no metric of allocation; `check` reads it
   * (GetProvisionedConcurrencyConfig, AllocatedProvisionedConcurrentExecutions).
   */
  private configuredAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm | undefined {
    const fn = this.resources.function;
    const o = this.options;
    if (o.provisionedConcurrency === undefined || !fn) {
      return undefined;
    }
    const base = o.baselineProvisionedConcurrency ?? 0;
    const guard = PC_CONFIGURED_GUARD;
    const minute = { period: Duration.minutes(1) };
    const inv = this.resources.functionMetric('Invocations', { statistic: cloudwatch.Stats.SUM, ...minute });
    // The plan in force as a series of its own (0 where nothing is planned or another event watches).
    const planned = new cloudwatch.MathExpression({
      expression: expressionAgainstLimit(scope, `lambda:function:${fn.functionName}:${fn.aliasName}:provisioned-concurrency`, {
        eventName: context.window.name,
        ...changeSpan(context.window, changes, context.maximumEventAge),
        initial: base,
        changes: changes.filter((c) => c.options.setting === 'provisioned concurrency').map((c) => ({
          at: c.fireAt.getTime(),
          settledAt: c.settledAt(context.maximumEventAge).getTime(),
          before: Number(c.options.before),
          after: Number(c.options.after),
        })),
      }, { time: 't', segment: (v) => String(v), quiet: '0' }),
      usingMetrics: { inv, t: timeOf('inv', inv) },
      ...minute,
    });
    return {
      id: 'pc-configured',
      description: `Lambda ${this.resources.construct.node.path}: provisioned concurrency configured short of the plan in force `
        + `(${base} everyday, ${o.provisionedConcurrency} at peak), in minutes with at least ${guard} invocations: none of `
        + 'them ran on provisioned concurrency (a scheduled action failed, see the scalable target\'s scaling activities, or '
        + `Lambda allocated none), or with at least ${guard} executions on it, less than 90 % of the plan configured `
        + '(executions ÷ utilization, which Lambda measures against the configured amount). Partial allocation of a '
        + 'configured amount has no CloudWatch metric: event-readiness check reads it.',
      metric: new cloudwatch.MathExpression({
        expression: `IF(inv >= ${guard} AND p > 0, IF(FILL(pci, 0) == 0, 0, IF(pce >= ${guard} AND pcu > 0, 100 * pce / pcu / p, 100)))`,
        usingMetrics: {
          inv,
          pci: this.resources.functionMetric('ProvisionedConcurrencyInvocations', { statistic: cloudwatch.Stats.SUM, ...minute }),
          pce: this.resources.functionMetric('ProvisionedConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM, ...minute }),
          pcu: this.resources.functionMetric('ProvisionedConcurrencyUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...minute }),
          p: planned,
        },
        label: 'Provisioned concurrency configured (% of planned)',
        ...minute,
      }),
      threshold: 90,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    };
  }

  /**
   * Consumed units per second at 90 % of the on-demand cost cap in force (reads or writes): the
   * everyday cap before prewarm and after baseline, the event's in between, the lower one while
   * the cap changes. Requests above it throttle.
   */
  private nearCapAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm | undefined {
    const table = this.resources.table;
    const o = this.options;
    if (!table) {
      return undefined;
    }
    const capChanges = changes.filter((c) => c.options.setting === 'table cost cap');
    const parts: string[] = [];
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const [side, everyday, event] of [
      ['read', table.maxReadRequestUnits, o.maxReadRequestUnits],
      ['write', table.maxWriteRequestUnits, o.maxWriteRequestUnits],
    ] as const) {
      if (everyday === undefined) {
        continue;
      }
      const id = `${side}s`;
      usingMetrics[id] = table.table.metric(`Consumed${side === 'read' ? 'Read' : 'Write'}CapacityUnits`,
        { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) });
      const limitChanges = event === undefined ? [] : capChanges.map((c) => {
        const up = c.options.direction === ChangeDirection.SCALE_UP;
        return {
          at: c.fireAt.getTime(),
          settledAt: c.settledAt(context.maximumEventAge).getTime(),
          before: up ? everyday : event,
          after: up ? event : everyday,
        };
      });
      parts.push(expressionAgainstLimit(scope, `dynamodb:table:${table.table.tableName}:max-${side}-request-units`, {
        eventName: context.window.name, ...changeSpan(context.window, changes, context.maximumEventAge), initial: everyday, changes: limitChanges,
      }, {
        time: 't', guard: `${id} >= 0`, segment: (v) => `100 * ${id} / 60 / ${v}`, quiet: '0',
      }));
    }
    if (parts.length === 0) {
      return undefined;
    }
    const [first] = Object.keys(usingMetrics);
    usingMetrics.t = timeOf(first, usingMetrics[first]);
    return {
      id: 'table-near-cap',
      description: `DynamoDB table of ${this.resources.construct.node.path}: consumed units per second at 90 % of the `
        + 'on-demand cost cap in force (the event\'s between prewarm and baseline, the everyday one otherwise); requests '
        + 'above it throttle.',
      metric: new cloudwatch.MathExpression({
        expression: parts.length === 1 ? parts[0] : combinedExpression(scope,
          `the table-near-cap alarm of tier '${this.tierName}'`, `MAX([${parts.join(', ')}])`),
        usingMetrics,
        label: 'Consumed units per second (% of the cap in force)',
        period: Duration.minutes(1),
      }),
      threshold: 90,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    };
  }

  private alarms(scope: Construct, context: TierEventContext, changes: ScheduledChange[]): TierAlarm[] {
    const o = this.options;
    const { construct, function: fn, table, httpApi } = this.resources;
    const path = construct.node.path;
    const minute = { period: Duration.minutes(1) };
    const sum = (name: string) => this.resources.functionMetric(name, { statistic: cloudwatch.Stats.SUM, ...minute });
    const gt = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const twoOfThree = { comparisonOperator: gt, evaluationPeriods: 3, datapointsToAlarm: 2 };
    const errorRate = o.errorRateAlarmPercent ?? 1;
    const minimum = o.minimumRequestsPerMinute ?? 60;
    // failures ÷ requests in percent (a minute without a failures datapoint counts as none), 0 in
    // minutes with less traffic than the guard, and no data (NOT_BREACHING) in minutes with none.
    const rate = (label: string, failures: cloudwatch.IMetric, requests: cloudwatch.IMetric, least: number) =>
      new cloudwatch.MathExpression({
        expression: `IF(requests >= ${least}, 100 * FILL(failures, 0) / requests, 0)`,
        usingMetrics: { failures, requests },
        label: `${label} (% of requests)`,
        period: Duration.minutes(1),
      });
    const alarms: TierAlarm[] = [];
    if (fn) {
      alarms.push({
        id: 'lambda-throttles',
        description: `Lambda ${path} is throttled: raise provisioned or reserved concurrency, or the account quota.`,
        metric: sum('Throttles'),
        threshold: o.throttlesAlarmThreshold ?? 1,
        ...twoOfThree,
      }, {
        id: 'lambda-errors',
        description: `Lambda ${path}: at least ${errorRate} % of invocations fail (minutes with at least ${minimum} invocations).`,
        metric: rate('Errors', sum('Errors'), sum('Invocations'), minimum),
        threshold: errorRate,
        ...twoOfThree,
      });
    }
    if (table) {
      alarms.push({
        id: 'table-throttles',
        description: `DynamoDB table of ${path} throttles requests: warm throughput, cost cap or a hot partition.`,
        metric: tableThrottleEvents(table.table),
        threshold: o.tableThrottlesAlarmThreshold ?? 1,
        ...twoOfThree,
      });
      if ([table.maxReadRequestUnits, table.maxWriteRequestUnits, o.maxReadRequestUnits, o.maxWriteRequestUnits].some((v) => v !== undefined)) {
        alarms.push({
          id: 'table-cap-throttles',
          description: `DynamoDB table of ${path} throttles requests at its on-demand cost cap: raise maxReadRequestUnits or `
            + 'maxWriteRequestUnits for the event (the cap raise may have failed: see the dead-letter queue).',
          metric: tableCapThrottleEvents(table.table),
          threshold: 1,
          ...twoOfThree,
        });
      }
      // A math alarm reads at most 10 metrics: 5 indexes (reads and writes) per alarm.
      const indexes = table.globalSecondaryIndexNames ?? [];
      for (let first = 0; first < indexes.length; first += 5) {
        const group = indexes.slice(first, first + 5);
        alarms.push({
          id: `index-throttles${first === 0 ? '' : `-${first / 5 + 1}`}`,
          description: `DynamoDB table of ${path}: its global secondary index${group.length > 1 ? 'es' : ''} `
            + `${group.join(', ')} throttle requests (a throttled index also throttles the table's writes).`,
          metric: indexThrottleEvents(table.table, group),
          threshold: o.tableThrottlesAlarmThreshold ?? 1,
          ...twoOfThree,
        });
      }
      const nearCap = this.nearCapAlarm(scope, context, changes);
      if (nearCap) {
        alarms.push(nearCap);
      }
      alarms.push({
        id: 'table-system-errors',
        description: `DynamoDB table of ${path} returns server-side errors.`,
        metric: tableSystemErrors(table.table),
        threshold: 1,
        ...twoOfThree,
      });
    }
    if (fn) {
      const quota = o.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY;
      const claimed = new cloudwatch.Metric({
        namespace: 'AWS/Lambda', metricName: 'ClaimedAccountConcurrency', statistic: cloudwatch.Stats.MAXIMUM, ...minute,
      });
      const w = context.window;
      alarms.push({
        id: 'account-concurrency',
        accountWide: true,
        description: `Lambda concurrency claimed in the account and Region reaches 90 % of its quota (${quota}, `
          + `${o.accountConcurrencyQuota === undefined ? 'the default: give the real one as accountConcurrencyQuota' : 'as given'}; `
          + '`aws lambda get-account-settings --query AccountLimit.ConcurrentExecutions` reads it); provisioned concurrency '
          + 'counts in it. Running out throttles every function of the account. The events of the app in this account and '
          + 'Region take turns watching (each from the end of the event before it to its own end), so a breach raises one '
          + 'event\'s alarm.',
        // The same watch windows as the limit-in-force alarms: one event's alarm at any instant.
        metric: new cloudwatch.MathExpression({
          expression: expressionAgainstLimit(scope, 'lambda:account-concurrency', {
            eventName: w.name, from: w.prewarm.instant.getTime(), to: w.baseline.instant.getTime(), initial: quota, changes: [],
          }, { time: 't', guard: 'claimed >= 0', segment: () => 'claimed', quiet: '0' }),
          usingMetrics: { claimed, t: timeOf('claimed', claimed) },
          label: 'Concurrency claimed in the account (while this event watches)',
          ...minute,
        }),
        threshold: Math.floor(quota * 0.9),
        ...twoOfThree,
      });
    }
    if (o.provisionedConcurrency !== undefined) {
      alarms.push({
        id: 'pc-spillover',
        description: `Lambda ${path} runs out of provisioned concurrency: invocations cold-start on demand.`,
        metric: sum('ProvisionedConcurrencySpilloverInvocations'),
        threshold: o.spilloverAlarmThreshold ?? 1,
        ...twoOfThree,
      });
      const configured = this.configuredAlarm(scope, context, changes);
      if (configured) {
        alarms.push(configured);
      }
    }
    if (httpApi) {
      const apiRate = o.apiServerErrorRateAlarmPercent ?? 1;
      alarms.push({
        id: 'api-5xx',
        description: `HTTP API of ${path}: at least ${apiRate} % of requests get a 5xx (minutes with at least ${minimum} requests).`,
        metric: rate('5xx', httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, ...minute }),
          httpApi.metricCount({ statistic: cloudwatch.Stats.SUM, ...minute }), minimum),
        threshold: apiRate,
        ...twoOfThree,
      });
      const clientRate = o.apiClientErrorRateAlarmPercent ?? 10;
      alarms.push({
        id: 'api-4xx',
        description: `HTTP API of ${path}: at least ${clientRate} % of requests get a 4xx, throttling (429) included `
          + `(minutes with at least ${minimum} requests).`,
        metric: rate('4xx', httpApi.metricClientError({ statistic: cloudwatch.Stats.SUM, ...minute }),
          httpApi.metricCount({ statistic: cloudwatch.Stats.SUM, ...minute }), minimum),
        threshold: clientRate,
        ...twoOfThree,
      });
      const latency = o.apiLatencyAlarmThreshold ?? Duration.seconds(1);
      alarms.push({
        id: 'api-latency',
        description: `HTTP API of ${path}: p99 latency above ${latency.toHumanString()}.`,
        metric: httpApi.metricLatency({ statistic: 'p99', ...minute }),
        threshold: latency.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }
    return alarms;
  }

  private graphs(): TierDashboardGraph[] {
    const { function: fn, table, httpApi } = this.resources;
    const metric = (name: string, statistic: string) => this.resources.functionMetric(name, { statistic });
    const pc = this.options.provisionedConcurrency;
    const graphs: TierDashboardGraph[] = [];
    if (fn) {
      graphs.push({
        title: 'Lambda concurrency',
        left: [metric('ConcurrentExecutions', cloudwatch.Stats.MAXIMUM)],
        right: pc === undefined ? undefined : [metric('ProvisionedConcurrencyUtilization', cloudwatch.Stats.MAXIMUM)],
        leftAnnotations: pc === undefined ? undefined : [{ value: pc, label: 'planned provisioned concurrency' }],
      }, {
        title: 'Lambda throttles, errors, spillover',
        left: [metric('Throttles', cloudwatch.Stats.SUM), metric('Errors', cloudwatch.Stats.SUM),
          metric('ProvisionedConcurrencySpilloverInvocations', cloudwatch.Stats.SUM)],
      });
    }
    if (table) {
      // The lines requests are judged against: the cost cap during the event, and warm throughput.
      const o = this.options;
      const lines: cloudwatch.HorizontalAnnotation[] = [];
      for (const [side, cap, warm] of [
        ['read', o.maxReadRequestUnits ?? table.maxReadRequestUnits, o.warmThroughput?.readUnitsPerSecond ?? table.knownWarmThroughput?.readUnitsPerSecond],
        ['write', o.maxWriteRequestUnits ?? table.maxWriteRequestUnits, o.warmThroughput?.writeUnitsPerSecond ?? table.knownWarmThroughput?.writeUnitsPerSecond],
      ] as const) {
        if (cap !== undefined) {
          lines.push({ value: cap, label: `${side} cap during the event` });
        }
        if (warm !== undefined) {
          lines.push({ value: warm, label: `warm ${side}s per second` });
        }
      }
      graphs.push({
        title: 'DynamoDB consumed units per second, and throttles',
        left: tableConsumedCapacity(table.table),
        right: [tableThrottleEvents(table.table)],
        leftAnnotations: lines.length === 0 ? undefined : lines,
      }, {
        // Why requests throttle: each cause needs a different fix (spread keys, raise the quota, raise the cap).
        title: 'DynamoDB throttled requests by cause',
        left: tableThrottlesByCause(table.table),
      });
    }
    if (httpApi) {
      const minute = { period: Duration.minutes(1) };
      graphs.push({
        title: 'HTTP API 5xx, 4xx and p99 latency (ms; with the integration\'s)',
        left: [httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, ...minute }),
          httpApi.metricClientError({ statistic: cloudwatch.Stats.SUM, ...minute })],
        right: [httpApi.metricLatency({ statistic: 'p99', ...minute }), httpApi.metricIntegrationLatency({ statistic: 'p99', ...minute })],
      });
    }
    return graphs;
  }

  private validate(): void {
    const o = this.options;
    const { construct, subject, function: fn } = this.resources;
    const tier: Partial<TableDescription> = this.resources.table ?? {};
    const problems: string[] = [];
    const pc = o.provisionedConcurrency;
    const base = o.baselineProvisionedConcurrency ?? 0;
    const pcProblem = numberProblem('provisionedConcurrency', pc, { whole: true, min: 1 });
    if (pcProblem) {
      problems.push(pcProblem);
    }
    const baseProblem = numberProblem('baselineProvisionedConcurrency', base, { whole: true, min: 0 });
    if (baseProblem) {
      problems.push(baseProblem);
    } else if (pc !== undefined && !pcProblem && pc < base) {
      problems.push(`provisionedConcurrency (${pc}) must not be below baselineProvisionedConcurrency (${base})`);
    }
    if (pc === undefined && o.baselineProvisionedConcurrency !== undefined) {
      problems.push('baselineProvisionedConcurrency needs provisionedConcurrency (the peak)');
    }
    if (pc !== undefined && !fn) {
      problems.push('provisionedConcurrency needs a function: give the function\'s version alias');
    } else if (pc !== undefined && fn?.aliasName === undefined) {
      problems.push(`provisionedConcurrency needs a version alias, but function ${fn!.functionName} was given without one: `
        + 'provisioned concurrency is set on an alias (or version), never on $LATEST; give a lambda.IAlias as the function, '
        + 'or the alias\'s name as aliasName (ExistingStatelessResources)');
    }
    const reserved = fn?.reservedConcurrentExecutions;
    if (pc !== undefined && !pcProblem && reserved !== undefined && pc > reserved) {
      problems.push(`provisionedConcurrency (${pc}) exceeds the function's reserved concurrency (${reserved})`);
    }

    checkDuration(problems, 'provisionedConcurrencyLeadTime', o.provisionedConcurrencyLeadTime, LEAD_TIME);
    checkDuration(problems, 'warmThroughputLeadTime', o.warmThroughputLeadTime, LEAD_TIME);
    checkNumber(problems, 'peakReadRequestUnits', o.peakReadRequestUnits, { whole: true, min: 1 });
    checkNumber(problems, 'peakWriteRequestUnits', o.peakWriteRequestUnits, { whole: true, min: 1 });
    // Alarms fire at `>= threshold` on per-minute sums: 0 would alarm on no traffic at all.
    for (const [field, value] of [['throttlesAlarmThreshold', o.throttlesAlarmThreshold],
      ['spilloverAlarmThreshold', o.spilloverAlarmThreshold], ['tableThrottlesAlarmThreshold', o.tableThrottlesAlarmThreshold],
      ['minimumRequestsPerMinute', o.minimumRequestsPerMinute]] as const) {
      checkNumber(problems, field, value, { above: 0, max: MAX_INTEGER });
    }
    for (const [field, value] of [['errorRateAlarmPercent', o.errorRateAlarmPercent],
      ['apiServerErrorRateAlarmPercent', o.apiServerErrorRateAlarmPercent],
      ['apiClientErrorRateAlarmPercent', o.apiClientErrorRateAlarmPercent]] as const) {
      checkNumber(problems, field, value, { above: 0, max: 100 });
    }
    checkNumber(problems, 'accountConcurrencyQuota', o.accountConcurrencyQuota, { whole: true, min: UNRESERVED_CONCURRENCY + 1, max: MAX_INTEGER });
    checkDuration(problems, 'apiLatencyAlarmThreshold', o.apiLatencyAlarmThreshold,
      { aboveMs: 0, maxMs: 60_000, allowed: 'more than 0 and at most 60 seconds' });

    const quota = o.tableThroughputQuota ?? DEFAULT_TABLE_THROUGHPUT_QUOTA;
    if (!isWholeNumber(quota) || quota < 1) {
      problems.push(`tableThroughputQuota must be a whole number of at least 1, got ${quota}`);
    }
    const warm = o.warmThroughput;
    const tableOptions = (['warmThroughput', 'maxReadRequestUnits', 'maxWriteRequestUnits'] as const).filter((k) => o[k] !== undefined);
    if (!this.resources.table && tableOptions.length > 0) {
      problems.push(`${tableOptions.join(', ')} need${tableOptions.length === 1 ? 's' : ''} a table`);
    }
    if (warm) {
      if (warm.readUnitsPerSecond === undefined && warm.writeUnitsPerSecond === undefined) {
        problems.push('warmThroughput needs readUnitsPerSecond, writeUnitsPerSecond or both');
      }
      // A side at or below the table's known warm throughput is no error: the plan leaves it
      // as it is and says so.
      for (const [side, value] of [
        ['readUnitsPerSecond', warm.readUnitsPerSecond],
        ['writeUnitsPerSecond', warm.writeUnitsPerSecond],
      ] as const) {
        if (value === undefined) {
          continue;
        }
        if (!isWholeNumber(value) || value < 1) {
          problems.push(`warmThroughput.${side} must be a whole number of at least 1, got ${value}`);
        } else if (value > quota) {
          problems.push(`warmThroughput.${side} (${value}) is beyond the per-table quota (${quota}); request a quota `
            + 'increase and set tableThroughputQuota');
        }
      }
    }

    for (const [side, cap, eventCap, peak] of [
      ['Read', tier.maxReadRequestUnits, o.maxReadRequestUnits, o.peakReadRequestUnits ?? warm?.readUnitsPerSecond],
      ['Write', tier.maxWriteRequestUnits, o.maxWriteRequestUnits, o.peakWriteRequestUnits ?? warm?.writeUnitsPerSecond],
    ] as const) {
      const field = `max${side}RequestUnits`;
      if (eventCap !== undefined && (!isWholeNumber(eventCap) || eventCap < 1)) {
        problems.push(`${field} must be a whole number of at least 1, got ${eventCap}`);
        continue;
      }
      if (eventCap !== undefined && cap === undefined) {
        problems.push(`${field} (${eventCap}) is set for the event, but the table has no ${side.toLowerCase()} cost cap: `
          + 'an event cap would only limit it');
        continue;
      }
      if (eventCap !== undefined && cap !== undefined && eventCap <= cap) {
        problems.push(`${field} for the event (${eventCap}) must be above the table's cap (${cap})`);
      }
      const effective = eventCap ?? cap;
      if (effective !== undefined && isWholeNumber(peak) && effective < peak) {
        problems.push(`the table's ${side.toLowerCase()} cost cap during the event (${effective}) is below the planned `
          + `peak (${peak} per second): requests above it throttle; set ${field} for the event to at least ${peak}`);
      }
      if (eventCap !== undefined && eventCap > quota) {
        problems.push(`${field} (${eventCap}) is beyond the per-table quota (${quota})`);
      }
    }
    ValidationError.throwIfAny(`${subject} (tier '${this.tierName}')`, problems, construct);

    const provisionable = (o.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY) - UNRESERVED_CONCURRENCY;
    if (pc !== undefined && isWholeNumber(provisionable) && pc > provisionable) {
      warn(construct, 'account-concurrency',
        `provisionedConcurrency ${pc} is above what the account's concurrency quota `
        + `(${o.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY}) can provision (${provisionable}, as Lambda keeps `
        + `${UNRESERVED_CONCURRENCY} unreserved); raise the quota with AWS and set accountConcurrencyQuota.`);
    }
  }
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

