/**
 * Checks of numbers and durations from users' props, run before anything else reads them:
 * a NaN, an infinity or a fraction where a whole number is needed becomes a sentence that
 * names the prop, the value and what is allowed, not a `null` in the template or an
 * aws-cdk-lib error that names neither. Not exported from the package.
 */
import { Duration, Token } from 'aws-cdk-lib';

/** The largest value of a CloudFormation Integer property. */
export const MAX_INTEGER = 2_147_483_647;

/** What a number may be. */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Every allowed value is above this (exclusive). */
  readonly above?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Only whole numbers. */
  readonly whole?: boolean;
}

/**
 * The problem with a number prop, or undefined when it is allowed (or absent, or a token).
 * The sentence reads `<field> must be <allowed>, got <value>`.
 */
export function numberProblem(field: string, value: unknown, rule: NumberRule): string | undefined {
  if (value === undefined || (typeof value === 'number' && Token.isUnresolved(value))) {
    return undefined;
  }
  // Whole numbers go into CloudFormation Integer properties: at most 2^31 - 1 (1e21 is "whole"
  // to JavaScript, and would be written as 1e+21).
  if (rule.whole && rule.max === undefined) {
    rule = { ...rule, max: MAX_INTEGER };
  }
  const ok = typeof value === 'number' && Number.isFinite(value)
    && (!rule.whole || Number.isInteger(value))
    && (rule.min === undefined || value >= rule.min)
    && (rule.above === undefined || value > rule.above)
    && (rule.max === undefined || value <= rule.max);
  return ok ? undefined : `${field} must be ${describeRule(rule)}, got ${String(value)}`;
}

/** Pushes the problem with a number prop, if any. */
export function checkNumber(problems: string[], field: string, value: unknown, rule: NumberRule): void {
  const problem = numberProblem(field, value, rule);
  if (problem) {
    problems.push(problem);
  }
}

/** "a whole number from 1 to 100", "a number more than 0", … */
function describeRule(rule: NumberRule): string {
  const kind = rule.whole ? 'a whole number' : 'a number';
  const low = rule.min !== undefined ? rule.min : rule.above;
  if (rule.min !== undefined && rule.max !== undefined) {
    return `${kind} from ${rule.min} to ${rule.max}`;
  }
  if (rule.above !== undefined && rule.max !== undefined) {
    return `${kind} more than ${rule.above} and at most ${rule.max}`;
  }
  if (rule.min !== undefined) {
    return `${kind} of at least ${low}`;
  }
  if (rule.above !== undefined) {
    return `${kind} more than ${low}`;
  }
  return rule.max !== undefined ? `${kind} of at most ${rule.max}` : `a finite ${kind.replace(/^a /, '')}`;
}

/** What a duration may be, in milliseconds. */
export interface DurationRule {
  /** Shortest allowed (inclusive). */
  readonly minMs?: number;
  /** Every allowed duration is longer than this (exclusive). */
  readonly aboveMs?: number;
  /** Longest allowed (inclusive). */
  readonly maxMs?: number;
  /** Whole minutes only (schedules fire with one-minute precision); the message says so. */
  readonly wholeMinutes?: boolean;
  /** A whole number of this many milliseconds (1000: whole seconds); `allowed` must say so. */
  readonly stepMs?: number;
  /** What is allowed, in words, e.g. "from 1 minute to 24 hours". */
  readonly allowed: string;
}

/**
 * A duration's length in milliseconds, without aws-cdk-lib's whole-number check (which throws
 * for `Duration.seconds(0.0001)` or `Duration.minutes(NaN)` with a message that names no prop);
 * NaN when it is not a Duration.
 */
export function durationMs(d: unknown): number {
  if (!isDuration(d)) {
    return NaN;
  }
  return d.toMilliseconds({ integral: false });
}

/** A duration for a message: its human form, or its raw length when it has none. */
export function describeDuration(d: unknown): string {
  if (!isDuration(d)) {
    return String(d);
  }
  const ms = durationMs(d);
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) {
    return `${ms} ms`;
  }
  if (ms === 0) {
    return d.toHumanString(); // "0 minutes", in the unit given
  }
  // Every part, down to the millisecond (toHumanString shows at most two: 90.5 s would read
  // "1 minute 30 seconds").
  const parts: string[] = [];
  let rest = ms;
  for (const [size, one, many] of DURATION_PARTS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) {
      parts.push(`${n} ${n === 1 ? one : many}`);
    }
  }
  return parts.join(' ');
}

const DURATION_PARTS: [number, string, string][] = [
  [86400_000, 'day', 'days'], [3600_000, 'hour', 'hours'], [60_000, 'minute', 'minutes'],
  [1000, 'second', 'seconds'], [1, 'milli', 'millis'],
];

/** The problem with a duration prop, or undefined when it is allowed (or absent). */
export function durationProblem(field: string, value: unknown, rule: DurationRule): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isDuration(value) || value.isUnresolved()) {
    return `${field} must be a concrete Duration ${rule.allowed}, got ${String(value)}`;
  }
  const ms = durationMs(value);
  const ok = Number.isFinite(ms) && Number.isInteger(ms)
    && (!rule.wholeMinutes || ms % 60_000 === 0)
    && (rule.stepMs === undefined || ms % rule.stepMs === 0)
    && (rule.minMs === undefined || ms >= rule.minMs)
    && (rule.aboveMs === undefined || ms > rule.aboveMs)
    && (rule.maxMs === undefined || ms <= rule.maxMs);
  return ok ? undefined : `${field} must be ${rule.allowed}${rule.wholeMinutes ? ', in whole minutes' : ''}, `
    + `got ${describeDuration(value)}`;
}

/** Pushes the problem with a duration prop, if any; true when there was none. */
export function checkDuration(problems: string[], field: string, value: unknown, rule: DurationRule): boolean {
  const problem = durationProblem(field, value, rule);
  if (problem) {
    problems.push(problem);
  }
  return problem === undefined;
}

/** Lead times: how long a change takes to take effect, from 0 to 90 days. */
export const LEAD_TIME: DurationRule = { minMs: 0, maxMs: 90 * 86400_000, allowed: 'whole milliseconds from 0 to 90 days' };

function isDuration(d: unknown): d is Duration {
  return d instanceof Duration
    || (typeof d === 'object' && d !== null && typeof (d as Duration).toMilliseconds === 'function'
      && typeof (d as Duration).isUnresolved === 'function');
}
