import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { combinedExpression, expressionAgainstLimit, timeOf } from '../../private/in-force';
import { indexThrottleEvents, tableCapThrottleEvents, tableSystemErrors, tableThrottleEvents } from '../../private/metrics';
import { changeSpan, limitChanges } from '../change-span';
import { ChangeDirection, ScheduledChange } from '../scheduled-change';
import { TierAlarm, TierEventContext } from '../tier-plan';
import { DEFAULT_ACCOUNT_CONCURRENCY, PC_CONFIGURED_GUARD, StatelessPlanInputs } from './options';

/** What the alarm builders share: the tier, its options, the 1-minute sums and rates. */
function alarmKit(p: StatelessPlanInputs) {
  const o = p.options;
  const { construct, function: fn, table, httpApi } = p.resources;
  const path = construct.node.path;
  const minute = { period: Duration.minutes(1) };
  const sum = (name: string) => p.resources.functionMetric(name, { statistic: cloudwatch.Stats.SUM, ...minute });
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
  return { o, construct, fn, table, httpApi, path, minute, sum, gt, twoOfThree, errorRate, minimum, rate };
}

type AlarmKit = ReturnType<typeof alarmKit>;

/** Every alarm of the tier: the function's, the table's, provisioned concurrency's and the API's. */
export function statelessAlarms(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: StatelessPlanInputs): TierAlarm[] {
  const k = alarmKit(p);
  return [
    ...functionAlarms(k),
    ...tableAlarms(k, scope, context, changes, p),
    ...concurrencyAlarms(k, scope, context),
    ...provisionedConcurrencyAlarms(k, scope, context, changes, p),
    ...apiAlarms(k),
  ];
}

/** Lambda throttles and errors. */
function functionAlarms(k: AlarmKit): TierAlarm[] {
  const { o, fn, path, sum, twoOfThree, errorRate, minimum, rate } = k;
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
  return alarms;
}

/** The table: throttles (by cause), its cost cap, system errors. */
function tableAlarms(k: AlarmKit, scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: StatelessPlanInputs): TierAlarm[] {
  const { o, table, path, twoOfThree } = k;
  const alarms: TierAlarm[] = [];
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
    const nearCap = nearCapAlarm(scope, context, changes, p);
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
  return alarms;
}

/** Lambda concurrency the account may not hold. */
function concurrencyAlarms(k: AlarmKit, scope: Construct, context: TierEventContext): TierAlarm[] {
  const { o, fn, minute, twoOfThree } = k;
  const alarms: TierAlarm[] = [];
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
  return alarms;
}

/** Provisioned concurrency: spillover and what is configured. */
function provisionedConcurrencyAlarms(k: AlarmKit, scope: Construct, context: TierEventContext, changes: ScheduledChange[],
  p: StatelessPlanInputs): TierAlarm[] {
  const { o, path, sum, twoOfThree } = k;
  const alarms: TierAlarm[] = [];
  if (o.provisionedConcurrency !== undefined) {
    alarms.push({
      id: 'pc-spillover',
      description: `Lambda ${path} runs out of provisioned concurrency: invocations cold-start on demand.`,
      metric: sum('ProvisionedConcurrencySpilloverInvocations'),
      threshold: o.spilloverAlarmThreshold ?? 1,
      ...twoOfThree,
    });
    const configured = configuredAlarm(scope, context, changes, p);
    if (configured) {
      alarms.push(configured);
    }
  }
  return alarms;
}

/** The HTTP API: 5xx and 4xx rates, p99 latency. */
function apiAlarms(k: AlarmKit): TierAlarm[] {
  const { o, httpApi, path, minute, twoOfThree, minimum, rate } = k;
  const alarms: TierAlarm[] = [];
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
function configuredAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: StatelessPlanInputs): TierAlarm | undefined {
  const fn = p.resources.function;
  const o = p.options;
  if (o.provisionedConcurrency === undefined || !fn) {
    return undefined;
  }
  // The everyday value the changes start from (a scalable target another stack registers: its minimum).
  const first = changes.find((c) => c.options.setting === 'provisioned concurrency');
  const base = first !== undefined && /^\d+$/.test(first.options.before) ? Number(first.options.before) : o.baselineProvisionedConcurrency ?? 0;
  const guard = PC_CONFIGURED_GUARD;
  const minute = { period: Duration.minutes(1) };
  const inv = p.resources.functionMetric('Invocations', { statistic: cloudwatch.Stats.SUM, ...minute });
  // The plan in force as a series of its own (0 where nothing is planned or another event watches).
  const planned = new cloudwatch.MathExpression({
    expression: expressionAgainstLimit(scope, `lambda:function:${fn.functionName}:${fn.aliasName}:provisioned-concurrency`, {
      eventName: context.window.name,
      ...changeSpan(context.window, changes, context.maximumEventAge),
      initial: base,
      changes: limitChanges(changes.filter((c) => c.options.setting === 'provisioned concurrency'), context.maximumEventAge,
        (c) => ({ before: Number(c.options.before), after: Number(c.options.after) })),
    }, { time: 't', segment: (v) => String(v), quiet: '0' }),
    usingMetrics: { inv, t: timeOf('inv', inv) },
    ...minute,
  });
  return {
    id: 'pc-configured',
    description: `Lambda ${p.resources.construct.node.path}: provisioned concurrency configured short of the plan in force `
      + `(${base} everyday, ${o.provisionedConcurrency} at peak), in minutes with at least ${guard} invocations: none of `
      + 'them ran on provisioned concurrency (a scheduled action failed, see the scalable target\'s scaling activities, or '
      + `Lambda allocated none), or with at least ${guard} executions on it, less than 90 % of the plan configured `
      + '(executions ÷ utilization, which Lambda measures against the configured amount). Partial allocation of a '
      + 'configured amount has no CloudWatch metric: event-readiness check reads it.',
    metric: new cloudwatch.MathExpression({
      expression: `IF(inv >= ${guard} AND p > 0, IF(FILL(pci, 0) == 0, 0, IF(pce >= ${guard} AND pcu > 0, 100 * pce / pcu / p, 100)))`,
      usingMetrics: {
        inv,
        pci: p.resources.functionMetric('ProvisionedConcurrencyInvocations', { statistic: cloudwatch.Stats.SUM, ...minute }),
        pce: p.resources.functionMetric('ProvisionedConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM, ...minute }),
        pcu: p.resources.functionMetric('ProvisionedConcurrencyUtilization', { statistic: cloudwatch.Stats.MAXIMUM, ...minute }),
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
function nearCapAlarm(scope: Construct, context: TierEventContext, changes: ScheduledChange[], p: StatelessPlanInputs): TierAlarm | undefined {
  const table = p.resources.table;
  const o = p.options;
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
    const capLimits = event === undefined ? [] : limitChanges(capChanges, context.maximumEventAge,
      (c) => (c.options.direction === ChangeDirection.SCALE_UP ? { before: everyday, after: event } : { before: event, after: everyday }));
    parts.push(expressionAgainstLimit(scope, `dynamodb:table:${table.table.tableName}:max-${side}-request-units`, {
      eventName: context.window.name, ...changeSpan(context.window, changes, context.maximumEventAge), initial: everyday, changes: capLimits,
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
    description: `DynamoDB table of ${p.resources.construct.node.path}: consumed units per second at 90 % of the `
      + 'on-demand cost cap in force (the event\'s between prewarm and baseline, the everyday one otherwise); requests '
      + 'above it throttle.',
    metric: new cloudwatch.MathExpression({
      expression: parts.length === 1 ? parts[0] : combinedExpression(scope,
        `the table-near-cap alarm of tier '${p.tierName}'`, `MAX([${parts.join(', ')}])`),
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
