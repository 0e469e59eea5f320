import { DEFAULT_TABLE_THROUGHPUT_QUOTA } from '../../private/limits';
import { isWholeNumber } from '../../private/plan-helpers';
import { checkDuration, checkNumber, LEAD_TIME, MAX_INTEGER, numberProblem } from '../../private/validate';
import { ValidationError } from '../../private/validation-error';
import { warn } from '../../private/warnings';
import { DEFAULT_ACCOUNT_CONCURRENCY, StatelessPlanInputs, TableDescription, UNRESERVED_CONCURRENCY } from './options';

/** Checks the options against the resources (and warns what the account quota may not allow). */
export function validatePlan(p: StatelessPlanInputs): void {
  const { construct, subject } = p.resources;
  const problems = [...provisionedConcurrencyProblems(p), ...settingProblems(p), ...tableProblems(p)];
  ValidationError.throwIfAny(`${subject} (tier '${p.tierName}')`, problems, construct);
  const o = p.options;
  const pc = o.provisionedConcurrency;
  const provisionable = (o.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY) - UNRESERVED_CONCURRENCY;
  if (pc !== undefined && isWholeNumber(provisionable) && pc > provisionable) {
    warn(construct, 'account-concurrency',
      `provisionedConcurrency ${pc} is above what the account's concurrency quota `
      + `(${o.accountConcurrencyQuota ?? DEFAULT_ACCOUNT_CONCURRENCY}) can provision (${provisionable}, as Lambda keeps `
      + `${UNRESERVED_CONCURRENCY} unreserved); raise the quota with AWS and set accountConcurrencyQuota.`);
  }
}

/** Provisioned concurrency: a whole peak above the baseline, on a version alias, within reserved concurrency. */
function provisionedConcurrencyProblems(p: StatelessPlanInputs): string[] {
  const o = p.options;
  const fn = p.resources.function;
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
  return problems;
}

/** Lead times, peaks, alarm thresholds and the account quota. */
function settingProblems(p: StatelessPlanInputs): string[] {
  const o = p.options;
  const problems: string[] = [];
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
  return problems;
}

/** The table's options: warm throughput, the cost caps in force against the peaks, the per-table quota. */
function tableProblems(p: StatelessPlanInputs): string[] {
  const o = p.options;
  const tier: Partial<TableDescription> = p.resources.table ?? {};
  const problems: string[] = [];
  const quota = o.tableThroughputQuota ?? DEFAULT_TABLE_THROUGHPUT_QUOTA;
  if (!isWholeNumber(quota) || quota < 1) {
    problems.push(`tableThroughputQuota must be a whole number of at least 1, got ${quota}`);
  }
  const warm = o.warmThroughput;
  const tableOptions = (['warmThroughput', 'maxReadRequestUnits', 'maxWriteRequestUnits'] as const).filter((k) => o[k] !== undefined);
  if (!p.resources.table && tableOptions.length > 0) {
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
  return problems;
}
