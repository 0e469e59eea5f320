import { Annotations, Duration } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_TABLE_THROUGHPUT_QUOTA } from '../private/limits';
import { defaultTierName, isWholeNumber, pinnedCapacityRamp } from '../private/plan-helpers';
import { checkDuration, checkNumber, LEAD_TIME, MAX_INTEGER, numberProblem } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { AutoScalingTarget, ChangeDirection, ScheduledChange } from '../readiness/scheduled-change';
import { ITierEventPlan, TierAlarm, TierDashboardGraph, TierEventBinding, TierEventContext } from '../readiness/tier-plan';
import type { StatelessTier } from './stateless-tier';

/** Lambda's default account concurrency, less the 100 it keeps unreserved. */
const ACCOUNT_PROVISIONABLE_CONCURRENCY = 900;

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
   * Alarm when the alias errors at least this often per minute (2 of 3 minutes).
   * @default 10
   */
  readonly errorsAlarmThreshold?: number;
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
   * Alarm when the HTTP API answers at least this many 5xx per minute (2 of 3 minutes).
   * @default 10
   */
  readonly apiServerErrorsAlarmThreshold?: number;
}

/** @internal */
export class StatelessTierPlan implements ITierEventPlan {
  public readonly tierName: string;

  constructor(public readonly tier: StatelessTier, private readonly options: StatelessTierEventOptions) {
    this.tierName = options.tierName ?? defaultTierName(tier.node.id);
    this.validate();
  }

  public bind(scope: Construct, context: TierEventContext): TierEventBinding {
    const w = context.window;
    const o = this.options;
    const changes: ScheduledChange[] = [];

    if (o.provisionedConcurrency !== undefined) {
      const peak = o.provisionedConcurrency;
      const base = o.baselineProvisionedConcurrency ?? 0;
      const fn = this.tier.function;
      const target = new AutoScalingTarget({
        id: 'ProvisionedConcurrency',
        serviceNamespace: ServiceNamespace.LAMBDA,
        resourceId: `function:${fn.functionName}:${this.tier.alias.aliasName}`,
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

    const table = this.tableChanges(scope, context);
    changes.push(...table);

    return { changes, alarms: this.alarms(), dashboardGraphs: this.graphs() };
  }

  private tableChanges(scope: Construct, context: TierEventContext): ScheduledChange[] {
    const w = context.window;
    const o = this.options;
    const tier = this.tier;
    const table = tier.table;
    const statement = new iam.PolicyStatement({ actions: ['dynamodb:UpdateTable'], resources: [table.tableArn] });
    const changes: ScheduledChange[] = [];

    const warm = this.warmThroughputRequest();
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

    if (warm || raisesCap) {
      // One UpdateTable call: a second one while the table is UPDATING would be rejected.
      const input: { [key: string]: any } = { TableName: table.tableName };
      const from: string[] = [];
      const to: string[] = [];
      if (warm) {
        input.WarmThroughput = warm;
        const known = tier.knownWarmThroughput;
        const wanted = o.warmThroughput!;
        from.push(known
          ? warmText(wanted.readUnitsPerSecond !== undefined ? known.readUnitsPerSecond : undefined,
            wanted.writeUnitsPerSecond !== undefined ? known.writeUnitsPerSecond : undefined)
          : 'warm as it is');
        to.push(warmText(wanted.readUnitsPerSecond, wanted.writeUnitsPerSecond));
        Annotations.of(scope).addWarningV2('cdk-event-readiness:warm-throughput-permanent',
          `Tier '${this.tierName}' raises the warm throughput of its table at prewarm (${w.prewarm.local} `
          + `${w.timeZone.timezoneName}) to ${JSON.stringify(o.warmThroughput)}: the raise is billed and permanent `
          + '(warm throughput can never be lowered).');
      }
      if (raisesCap) {
        input.OnDemandThroughput = capRaise;
        from.push(`cap ${capText(capRestore)}`);
        to.push(`cap ${capText(capRaise)}`);
      }
      changes.push(ScheduledChange.universal({
        step: w.prewarm,
        setting: 'table throughput',
        subject: 'table',
        before: from.join(', '),
        after: to.join(', '),
        direction: ChangeDirection.SCALE_UP,
        leadTime: warm ? (o.warmThroughputLeadTime ?? Duration.hours(1)) : Duration.minutes(5),
        service: 'dynamodb',
        action: 'updateTable',
        input,
        policyStatements: [statement],
      }));
    }
    if (raisesCap) {
      changes.push(ScheduledChange.universal({
        step: w.baseline,
        setting: 'table cost cap',
        subject: 'table',
        before: capText(capRaise),
        after: capText(capRestore),
        direction: ChangeDirection.SCALE_DOWN,
        leadTime: Duration.minutes(5),
        service: 'dynamodb',
        action: 'updateTable',
        input: { TableName: table.tableName, OnDemandThroughput: capRestore },
        policyStatements: [statement],
      }));
    }
    return changes;
  }

  /** The WarmThroughput request, in SDK member casing, with only the sides that rise. */
  private warmThroughputRequest(): { [key: string]: number } | undefined {
    const warm = this.options.warmThroughput;
    if (!warm) {
      return undefined;
    }
    const request: { [key: string]: number } = {};
    if (warm.readUnitsPerSecond !== undefined) {
      request.ReadUnitsPerSecond = warm.readUnitsPerSecond;
    }
    if (warm.writeUnitsPerSecond !== undefined) {
      request.WriteUnitsPerSecond = warm.writeUnitsPerSecond;
    }
    return request;
  }

  private alarms(): TierAlarm[] {
    const o = this.options;
    const tier = this.tier;
    const minute = { period: Duration.minutes(1) };
    const gt = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const alarms: TierAlarm[] = [
      {
        id: 'lambda-throttles',
        description: `Lambda ${tier.node.path} is throttled: raise provisioned or reserved concurrency, or the account quota.`,
        metric: tier.metricThrottles(minute),
        threshold: o.throttlesAlarmThreshold ?? 1,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'lambda-errors',
        description: `Lambda ${tier.node.path} returns errors.`,
        metric: tier.metricErrors(minute),
        threshold: o.errorsAlarmThreshold ?? 10,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'table-throttles',
        description: `DynamoDB table of ${tier.node.path} throttles requests: warm throughput, cost cap or a hot partition.`,
        metric: tier.metricTableThrottleEvents(),
        threshold: o.tableThrottlesAlarmThreshold ?? 1,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'table-system-errors',
        description: `DynamoDB table of ${tier.node.path} returns server-side errors.`,
        metric: tier.metricTableSystemErrors(),
        threshold: 1,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    ];
    if (o.provisionedConcurrency !== undefined) {
      alarms.push({
        id: 'pc-spillover',
        description: `Lambda ${tier.node.path} runs out of provisioned concurrency: invocations cold-start on demand.`,
        metric: tier.metricProvisionedConcurrencySpillover(minute),
        threshold: o.spilloverAlarmThreshold ?? 1,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }
    const api5xx = tier.metricApiServerErrors(minute);
    if (api5xx) {
      alarms.push({
        id: 'api-5xx',
        description: `HTTP API of ${tier.node.path} answers 5xx.`,
        metric: api5xx,
        threshold: o.apiServerErrorsAlarmThreshold ?? 10,
        comparisonOperator: gt,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }
    return alarms;
  }

  private graphs(): TierDashboardGraph[] {
    const tier = this.tier;
    const pc = this.options.provisionedConcurrency;
    const graphs: TierDashboardGraph[] = [
      {
        title: 'Lambda concurrency',
        left: [tier.metricConcurrentExecutions()],
        right: pc === undefined ? undefined : [tier.metricProvisionedConcurrencyUtilization()],
        leftAnnotations: pc === undefined ? undefined : [{ value: pc, label: 'planned provisioned concurrency' }],
      },
      {
        title: 'Lambda throttles, errors, spillover',
        left: [tier.metricThrottles(), tier.metricErrors(), tier.metricProvisionedConcurrencySpillover()],
      },
      {
        title: 'DynamoDB consumed capacity and throttles',
        left: tier.metricTableConsumedCapacity(),
        right: [tier.metricTableThrottleEvents()],
      },
    ];
    const api5xx = tier.metricApiServerErrors();
    if (api5xx) {
      graphs.push({ title: 'HTTP API 5xx and latency', left: [api5xx], right: [tier.httpApi!.metricLatency()] });
    }
    return graphs;
  }

  private validate(): void {
    const o = this.options;
    const tier = this.tier;
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
    const reserved = tier.reservedConcurrentExecutions;
    if (pc !== undefined && !pcProblem && reserved !== undefined && pc > reserved) {
      problems.push(`provisionedConcurrency (${pc}) exceeds the function's reserved concurrency (${reserved})`);
    }

    checkDuration(problems, 'provisionedConcurrencyLeadTime', o.provisionedConcurrencyLeadTime, LEAD_TIME);
    checkDuration(problems, 'warmThroughputLeadTime', o.warmThroughputLeadTime, LEAD_TIME);
    checkNumber(problems, 'peakReadRequestUnits', o.peakReadRequestUnits, { whole: true, min: 1 });
    checkNumber(problems, 'peakWriteRequestUnits', o.peakWriteRequestUnits, { whole: true, min: 1 });
    // Alarms fire at `>= threshold` on per-minute sums: 0 would alarm on no traffic at all.
    for (const [field, value] of [['throttlesAlarmThreshold', o.throttlesAlarmThreshold],
      ['errorsAlarmThreshold', o.errorsAlarmThreshold], ['spilloverAlarmThreshold', o.spilloverAlarmThreshold],
      ['tableThrottlesAlarmThreshold', o.tableThrottlesAlarmThreshold],
      ['apiServerErrorsAlarmThreshold', o.apiServerErrorsAlarmThreshold]] as const) {
      checkNumber(problems, field, value, { above: 0, max: MAX_INTEGER });
    }

    const quota = o.tableThroughputQuota ?? DEFAULT_TABLE_THROUGHPUT_QUOTA;
    if (!isWholeNumber(quota) || quota < 1) {
      problems.push(`tableThroughputQuota must be a whole number of at least 1, got ${quota}`);
    }
    const warm = o.warmThroughput;
    if (warm) {
      if (warm.readUnitsPerSecond === undefined && warm.writeUnitsPerSecond === undefined) {
        problems.push('warmThroughput needs readUnitsPerSecond, writeUnitsPerSecond or both');
      }
      const known = tier.knownWarmThroughput;
      for (const [side, value, current] of [
        ['readUnitsPerSecond', warm.readUnitsPerSecond, known?.readUnitsPerSecond],
        ['writeUnitsPerSecond', warm.writeUnitsPerSecond, known?.writeUnitsPerSecond],
      ] as const) {
        if (value === undefined) {
          continue;
        }
        if (!isWholeNumber(value) || value < 1) {
          problems.push(`warmThroughput.${side} must be a whole number of at least 1, got ${value}`);
        } else if (value > quota) {
          problems.push(`warmThroughput.${side} (${value}) is beyond the per-table quota (${quota}); request a quota `
            + 'increase and set tableThroughputQuota');
        } else if (current !== undefined && value <= current) {
          problems.push(`warmThroughput.${side} (${value}) must be above the table's current warm throughput `
            + `(${current}); warm throughput can only be raised`);
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
    ValidationError.throwIfAny(`StatelessTier.forEvent (tier '${this.tierName}')`, problems, tier);

    if (pc !== undefined && pc > ACCOUNT_PROVISIONABLE_CONCURRENCY) {
      Annotations.of(tier).addWarningV2('cdk-event-readiness:account-concurrency',
        `provisionedConcurrency ${pc} is above what Lambda's default account quota (1,000) can provision `
        + `(${ACCOUNT_PROVISIONABLE_CONCURRENCY}); make sure the account's concurrency quota has been raised.`);
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
