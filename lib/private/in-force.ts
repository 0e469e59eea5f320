import { Duration, Lazy, Stack, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ValidationError } from './validation-error';

/**
 * Alarms against the limit IN FORCE: max_connections of the class the primary has now, the
 * provisioned concurrency due now, the cost cap of the table now. A fixed threshold cannot be
 * right for a whole event (the peak class's limit can never be reached before prewarm, in the
 * smaller ramp-down steps or after the event), so the alarm's expression follows the plan over
 * time with metric math's `EPOCH(m)` (the datapoint's time in seconds, UTC).
 *
 * Several events may change one resource (a calendar, or readiness stacks of one app at other
 * dates): each event's alarm watches from the end of the previous event's span to the end of
 * its own (the last one also after it), and is quiet outside, so each instant has exactly one
 * alarm watching with the limit in force then. The expression is built at synthesis, when every
 * event of the app is known.
 */

/** CloudWatch takes math expressions of at most 2,048 characters (MetricDataQuery.Expression). */
const MAX_EXPRESSION_LENGTH = 2048;

/**
 * Above this, `EPOCH()` would be counting milliseconds: 10^11 seconds is the year 5138, 10^11
 * milliseconds early 1973. CloudWatch documents EPOCH in seconds; should it ever answer in
 * milliseconds, the time query converts, so no instant the plan compares with moves.
 */
export const EPOCH_MILLISECONDS_ABOVE = 100_000_000_000;

/**
 * The time of each datapoint of `metric` in seconds, UTC (`EPOCH(id)`, in seconds whichever unit
 * CloudWatch answers in): a query of its own, so the limit-in-force expression names it in one
 * letter (`t`) at every step.
 */
export function timeOf(id: string, metric: cloudwatch.IMetric): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(EPOCH(${id}) > ${EPOCH_MILLISECONDS_ABOVE}, EPOCH(${id}) / 1000, EPOCH(${id}))`,
    usingMetrics: { [id]: metric },
    period: Duration.minutes(1),
  });
}

/**
 * Leaves out of a math alarm the queries no returned expression reads, directly or through
 * another query (a limit-in-force expression with one segment does not read the time `t`):
 * decided at synthesis, when the expressions are known. An alarm whose expressions use
 * `METRICS()` (every query, unnamed) keeps them all.
 */
export function emitOnlyWhatIsRead(alarm: cloudwatch.Alarm): void {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const queries = cfn.metrics;
  if (!Array.isArray(queries) || queries.length === 0) {
    return;
  }
  const stack = Stack.of(alarm);
  // An override, since it is written as CloudFormation has it (a token given to the L1 property is not mapped).
  cfn.addPropertyOverride('Metrics', Lazy.any({
    produce: () => {
      // Only ids, expressions and ReturnData are read here; the queries go out as they are (their
      // metrics' dimensions may hold references to other stacks, resolved by the synthesis).
      const facts = queries.map((q: any) => ({
        id: String(stack.resolve(q.id)),
        expression: q.expression === undefined ? undefined : String(stack.resolve(q.expression)),
        returned: stack.resolve(q.returnData) !== false,
      }));
      const reads = (expression: string | undefined) => (expression === undefined ? []
        : facts.filter((other) => new RegExp(`\\b${other.id}\\b(?!\\s*\\()`).test(expression)).map((other) => other.id));
      // METRICS() reads every query of the alarm without naming any: then nothing is left out.
      if (facts.some((q) => q.expression !== undefined && /\bMETRICS\s*\(/.test(q.expression))) {
        return queries.map(toCloudFormation);
      }
      const kept = new Set(facts.filter((q) => q.returned).map((q) => q.id));
      let grew = true;
      while (grew) {
        grew = false;
        for (const q of facts.filter((x) => kept.has(x.id))) {
          for (const id of reads(q.expression)) {
            if (!kept.has(id)) {
              kept.add(id);
              grew = true;
            }
          }
        }
      }
      return queries.filter((_: any, i: number) => kept.has(facts[i].id)).map(toCloudFormation);
    },
  }));
}

/**
 * An L1 property value with CloudFormation's member names (`returnData` → `ReturnData`); tokens
 * and intrinsics are left as they are.
 */
function toCloudFormation(value: any): any {
  if (Array.isArray(value)) {
    return value.map(toCloudFormation);
  }
  if (value !== null && typeof value === 'object' && !Tokenization.isResolvable(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), toCloudFormation(v)]));
  }
  return value;
}

/** A change of the limit: from `at` (ms) until `settledAt` either value may be in force. */
export interface LimitChange {
  readonly at: number;
  readonly settledAt: number;
  readonly before: number;
  readonly after: number;
}

/** What one event does to a limit. */
export interface HeldLimit {
  readonly eventName: string;
  /** The event's span on the resource (ms): prewarm (or its first change) to baseline (or the last change settled). */
  readonly from: number;
  readonly to: number;
  /** The limit before the event's first change. */
  readonly initial: number;
  readonly changes: LimitChange[];
}

/** A value from an instant (ms) on, until the next segment. */
export interface Segment {
  readonly from: number;
  readonly value: number;
}

/**
 * The limit over time, conservatively: while a change may or may not have been applied (fired,
 * not yet settled, retries included), the lower of the values it goes between.
 */
export function limitInForce(initial: number, changes: LimitChange[]): Segment[] {
  const sorted = [...changes].sort((a, b) => a.at - b.at);
  const instants = [...new Set(sorted.flatMap((c) => [c.at, c.settledAt]))].sort((a, b) => a - b);
  const valueAt = (t: number) => {
    let value = initial;
    let certain = initial;
    for (const c of sorted) {
      if (c.settledAt <= t) {
        certain = c.after;
        value = c.after;
      } else if (c.at <= t) {
        value = Math.min(value, c.before, c.after);
      }
    }
    return Math.min(value, certain);
  };
  const segments: Segment[] = [{ from: -Infinity, value: initial }];
  for (const t of instants) {
    const value = valueAt(t);
    if (value !== segments[segments.length - 1].value) {
      segments.push({ from: t, value });
    }
  }
  return segments;
}

const HELD = new WeakMap<IConstruct, Map<string, HeldLimit[]>>();
/** The expression each registration returned, so a second one of the same event gets the same. */
const EXPRESSIONS = new WeakMap<HeldLimit, string>();

/**
 * Records, app-wide, what an event does to a limit (`key` names the resource and the limit,
 * e.g. `rds:db:orders:max_connections`, within the scope's account and Region: a resource of the
 * same name elsewhere is another resource), and returns the alarm expression of that event. An
 * event is recorded once per limit: a second registration of the same event (several tiers
 * watching one account-wide limit) gets the first one's expression.
 *
 * `props.segment` gives the expression text for a stretch of time with the limit `value` in
 * force (e.g. `v => \`100 * m / ${v}\``), `quiet` the text outside the event's watch, `time`
 * the id of the datapoint's time (see `timeOf`), and `guard` the condition for a datapoint at
 * all: the time series EPOCH() makes has one every period, so without it (`m >= 0`) a minute
 * without the metric would get one.
 */
export function expressionAgainstLimit(scope: IConstruct, key: string, held: HeldLimit, props: {
  readonly time: string;
  readonly guard?: string;
  readonly segment: (value: number) => string;
  readonly quiet: string;
}): string {
  const app = scope.node.root;
  const byKey = HELD.get(app) ?? new Map<string, HeldLimit[]>();
  HELD.set(app, byKey);
  // Tokens alike for every environment-agnostic stack of the app; literals for a concrete one.
  const where = `${Stack.of(scope).account}/${Stack.of(scope).region}/${key}`;
  const all = byKey.get(where) ?? [];
  byKey.set(where, all);
  const same = all.find((h) => h.eventName === held.eventName);
  if (same) {
    return EXPRESSIONS.get(same)!;
  }
  all.push(held);
  const lazy = Lazy.string({
    produce: () => {
      const events = [...all].sort((a, b) => a.from - b.from);
      const i = events.indexOf(held);
      // Each event watches from the latest end of the events before it to its own end (the last
      // one for ever after): the watches cover all time once, even if spans overlapped.
      const ends = events.map((e) => e.to);
      const watchFrom = i === 0 ? -Infinity : Math.max(...ends.slice(0, i));
      const watchTo = i === events.length - 1 ? Infinity : Math.max(watchFrom, held.to);
      // An event starts from where the one before left the limit (a raise it never restores,
      // such as storage IOPS, stays in force); the first from the resource's own setting.
      let initial = held.initial;
      if (i > 0) {
        initial = events[0].initial;
        for (const e of events.slice(0, i)) {
          const segments = limitInForce(initial, startingFrom(initial, e.changes));
          initial = segments[segments.length - 1].value;
        }
      }
      const changes = startingFrom(initial, held.changes);
      const expression = piecewise(props.time, watched(limitInForce(initial, changes), watchFrom, watchTo)
        .map((s) => ({ from: s.from, text: s.value === undefined ? props.quiet : props.segment(s.value) })),
      props.guard);
      if (expression.length > MAX_EXPRESSION_LENGTH) {
        throw new ValidationError(`event '${held.eventName}': the alarm on ${key} against the limit in force would need a `
          + `math expression of ${expression.length} characters; CloudWatch takes ${MAX_EXPRESSION_LENGTH}. Use fewer `
          + 'ramp-down steps, or fewer events of this resource in one app', scope);
      }
      return expression;
    },
  });
  EXPRESSIONS.set(held, lazy);
  return lazy;
}

/** The changes, the first one going from `initial` (what is in force), not from the resource's own setting. */
function startingFrom(initial: number, changes: LimitChange[]): LimitChange[] {
  const sorted = [...changes].sort((a, b) => a.at - b.at);
  return sorted.length === 0 ? [] : [{ ...sorted[0], before: initial }, ...sorted.slice(1)];
}

/**
 * A math expression made of limit-in-force expressions (tokens until synthesis), checked against
 * CloudWatch's 2,048 characters once they are known.
 */
export function combinedExpression(scope: IConstruct, what: string, template: string): string {
  return Lazy.string({
    produce: () => {
      const expression: string = Stack.of(scope).resolve(template);
      if (expression.length > MAX_EXPRESSION_LENGTH) {
        throw new ValidationError(`${what} would need a math expression of ${expression.length} characters; CloudWatch `
          + `takes ${MAX_EXPRESSION_LENGTH}`, scope);
      }
      return expression;
    },
  });
}

/** The segments within [from, to), `undefined` (quiet) outside. */
function watched(segments: Segment[], from: number, to: number): Array<{ from: number; value: number | undefined }> {
  const raw: Array<{ from: number; value: number | undefined }> = [{ from: -Infinity, value: undefined }];
  segments.forEach((s, k) => {
    const end = k + 1 < segments.length ? segments[k + 1].from : Infinity;
    if (end > from && s.from < to) {
      raw.push({ from: Math.max(s.from, from), value: s.value });
    }
  });
  if (to < Infinity) {
    raw.push({ from: to, value: undefined });
  }
  // A later entry from the same instant replaces the earlier; equal neighbours merge.
  const out: Array<{ from: number; value: number | undefined }> = [];
  for (const r of raw) {
    if (out.length > 0 && out[out.length - 1].from === r.from) {
      out.pop();
    }
    if (out.length === 0 || out[out.length - 1].value !== r.value) {
      out.push(r);
    }
  }
  return out;
}

/** `IF(guard, IF(t < t1, a, IF(t < t2, b, c)))` over the segments, `t` the datapoint's time in whole seconds. */
function piecewise(time: string, all: Array<{ from: number; text: string }>, guard: string | undefined): string {
  const segments = all.filter((s, k) => k === 0 || s.text !== all[k - 1].text);
  let body = segments[segments.length - 1].text;
  for (let k = segments.length - 2; k >= 0; k--) {
    body = `IF(${time} < ${Math.ceil(segments[k + 1].from / 1000)}, ${segments[k].text}, ${body})`;
  }
  return guard === undefined ? body : `IF(${guard}, ${body})`;
}
