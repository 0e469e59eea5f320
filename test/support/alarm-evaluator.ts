/**
 * A small evaluator of CloudWatch alarm semantics, to run a synthesized alarm over synthetic
 * metric series: what state would it be in, minute by minute? It follows the CloudWatch User
 * Guide ("Evaluating an alarm", "Configuring how CloudWatch alarms treat missing data"):
 *
 * - at the end of each period the alarm looks at the last `EvaluationPeriods` datapoints and is
 *   in ALARM when at least `DatapointsToAlarm` of them breach the threshold, else OK;
 * - missing datapoints: `breaching` / `notBreaching` count them as such; with `missing` (the
 *   default) and `ignore` the present ones are evaluated alone, and when all are missing the
 *   state is INSUFFICIENT_DATA (`missing`) or stays as it was (`ignore`);
 * - metric math: the expression is computed per period from its metrics' datapoints (IF,
 *   MAX, MIN, SUM, FILL, ABS, EPOCH, + - * /, comparisons, AND/OR); arithmetic on a missing
 *   value is missing, MAX/MIN/SUM over an array skip missing values; EPOCH(m) is the period's
 *   start in seconds whether m has a datapoint or not (a non-sparse series).
 *
 * Simplifications, on purpose: series are given already aggregated per period with the
 * alarm's statistic, and the look-back beyond the evaluation range that CloudWatch applies to
 * sparse data is not modelled (every test series has a datapoint or a gap each period).
 */

/** A datapoint per period; `undefined` is a missing datapoint. */
export type Series = Array<number | undefined>;

/** The metric an alarm (or a math expression of it) reads, as the template names it. */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name → its template value (often an intrinsic), as synthesized. */
  readonly dimensions: Record<string, unknown>;
  readonly stat: string;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The state after each period, for an `AWS::CloudWatch::Alarm`'s properties and the series of its metrics. */
export function evaluateAlarm(props: any, data: (metric: MetricRef) => Series, periods: number,
  options: EvaluationOptions = {}): AlarmState[] {
  const values = alarmSeries(props, data, periods, options.start ?? new Date(0), options.epochUnit);
  const n = props.EvaluationPeriods as number;
  const m = (props.DatapointsToAlarm ?? n) as number;
  const treat = (props.TreatMissingData ?? 'missing') as string;
  const breaches = (v: number) => {
    switch (props.ComparisonOperator) {
      case 'GreaterThanThreshold': return v > props.Threshold;
      case 'GreaterThanOrEqualToThreshold': return v >= props.Threshold;
      case 'LessThanThreshold': return v < props.Threshold;
      case 'LessThanOrEqualToThreshold': return v <= props.Threshold;
      default: throw new Error(`comparison ${props.ComparisonOperator} is not modelled`);
    }
  };
  const states: AlarmState[] = [];
  let state: AlarmState = 'INSUFFICIENT_DATA';
  for (let i = 0; i < periods; i++) {
    const window = values.slice(Math.max(0, i - n + 1), i + 1);
    const present = window.filter((v): v is number => v !== undefined);
    const missing = window.length - present.length;
    let breaching = present.filter(breaches).length;
    if (treat === 'breaching') {
      breaching += missing;
      state = breaching >= m ? 'ALARM' : 'OK';
    } else if (treat === 'notBreaching') {
      state = breaching >= m ? 'ALARM' : 'OK';
    } else if (present.length === 0) {
      state = treat === 'ignore' ? state : 'INSUFFICIENT_DATA';
    } else {
      state = breaching >= Math.min(m, present.length) && breaching > 0 ? 'ALARM' : 'OK';
    }
    states.push(state);
  }
  return states;
}

/** When the series start. */
export interface EvaluationOptions {
  /** The first period's start (periods are 60 s). @default the Unix epoch */
  readonly start?: Date;
  /**
   * What `EPOCH()` counts: CloudWatch documents seconds; 'milliseconds' runs an alarm as if it
   * answered otherwise, to show an expression does not depend on it. @default 'seconds'
   */
  readonly epochUnit?: 'seconds' | 'milliseconds';
}

/** The alarm's value per period: its metric's series, or its math expression computed per period. */
export function alarmSeries(props: any, data: (metric: MetricRef) => Series, periods: number, start: Date = new Date(0),
  epochUnit: 'seconds' | 'milliseconds' = 'seconds'): Series {
  const fit = (s: Series) => Array.from({ length: periods }, (_, i) => s[i]);
  if (!props.Metrics) {
    return fit(data({ namespace: props.Namespace, metricName: props.MetricName, dimensions: dims(props.Dimensions), stat: props.Statistic }));
  }
  const byId = new Map<string, Series>();
  for (const q of props.Metrics) {
    if (q.MetricStat) {
      const metric = q.MetricStat.Metric;
      byId.set(q.Id, fit(data({
        namespace: metric.Namespace, metricName: metric.MetricName, dimensions: dims(metric.Dimensions), stat: q.MetricStat.Stat,
      })));
    }
  }
  const returned = props.Metrics.find((q: any) => q.ReturnData !== false && q.Expression);
  if (!returned) {
    throw new Error('a math alarm without a returned expression is not modelled');
  }
  const expressions = new Map<string, string>(props.Metrics.filter((q: any) => q.Expression).map((q: any) => [q.Id, q.Expression]));
  return Array.from({ length: periods }, (_, i) => {
    const epoch = (start.getTime() / 1000 + 60 * i) * (epochUnit === 'milliseconds' ? 1000 : 1);
    // Another query's expression (ReturnData false) is computed for the same period.
    const valueOf = (expression: string): number | undefined => {
      const value = evaluateExpression(expression, (id) => {
        const s = byId.get(id);
        if (s) {
          return s[i];
        }
        const other = expressions.get(id);
        if (other === undefined) {
          throw new Error(`expression ${expression} reads '${id}', which the alarm does not define`);
        }
        return valueOf(other);
      }, epoch);
      if (Array.isArray(value)) {
        throw new Error(`expression ${expression} returns an array`);
      }
      return value;
    };
    return valueOf(returned.Expression);
  });
}

function dims(list: any[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((d) => [d.Name, d.Value]));
}

type Value = number | undefined | Value[];

/** One period of a metric math expression. */
export function evaluateExpression(expression: string, lookup: (id: string) => number | undefined, epochSeconds = 0): Value {
  const tokens = expression.match(/\s*(>=|<=|==|!=|&&|\|\||[()[\],+\-*/<>]|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/g)!.map((t) => t.trim());
  if (tokens.join('') !== expression.replace(/\s+/g, '')) {
    throw new Error(`cannot read expression ${expression}`);
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (expected !== undefined && t !== expected) {
      throw new Error(`expected '${expected}' in ${expression}, got '${t}'`);
    }
    return t;
  };
  const num = (v: Value): number | undefined => {
    if (Array.isArray(v)) {
      throw new Error(`an array where a number belongs in ${expression}`);
    }
    return v;
  };
  const arithmetic = (a: Value, b: Value, f: (x: number, y: number) => number): Value => {
    const x = num(a);
    const y = num(b);
    return x === undefined || y === undefined ? undefined : f(x, y);
  };
  const logical = (): Value => {
    let left = comparison();
    while (['AND', 'OR', '&&', '||'].includes(peek())) {
      const op = take();
      const right = comparison();
      // A missing operand counts as 0 (CloudWatch: comparisons treat a missing value as 0).
      const x = num(left) ?? 0;
      const y = num(right) ?? 0;
      left = op === 'AND' || op === '&&' ? Number(x !== 0 && y !== 0) : Number(x !== 0 || y !== 0);
    }
    return left;
  };
  const comparison = (): Value => {
    let left = additive();
    while (['>=', '<=', '>', '<', '==', '!='].includes(peek())) {
      const op = take();
      const right = additive();
      left = arithmetic(left, right, (x, y) => Number(
        op === '>=' ? x >= y : op === '<=' ? x <= y : op === '>' ? x > y : op === '<' ? x < y : op === '==' ? x === y : x !== y));
    }
    return left;
  };
  const additive = (): Value => {
    let left = multiplicative();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      const right = multiplicative();
      left = arithmetic(left, right, (x, y) => (op === '+' ? x + y : x - y));
    }
    return left;
  };
  const multiplicative = (): Value => {
    let left = unary();
    while (peek() === '*' || peek() === '/') {
      const op = take();
      const right = unary();
      // CloudWatch: a division by zero gives no datapoint.
      left = arithmetic(left, right, (x, y) => (op === '*' ? x * y : y === 0 ? NaN : x / y));
      if (typeof left === 'number' && Number.isNaN(left)) {
        left = undefined;
      }
    }
    return left;
  };
  const unary = (): Value => {
    if (peek() === '-') {
      take();
      return arithmetic(0, unary(), (x, y) => x - y);
    }
    return primary();
  };
  /** Comma-separated values up to `close`, which is taken. */
  const items = (close: string): Value[] => {
    const list: Value[] = [];
    while (peek() !== close) {
      list.push(logical());
      if (peek() === ',') {
        take();
      }
    }
    take(close);
    return list;
  };
  const primary = (): Value => {
    const t = take();
    if (t === '(') {
      const v = logical();
      take(')');
      return v;
    }
    if (t === '[') {
      return items(']');
    }
    if (/^\d/.test(t)) {
      return Number(t);
    }
    if (peek() === '(') {
      take('(');
      return call(t.toUpperCase(), items(')'));
    }
    return lookup(t);
  };
  const call = (fn: string, args: Value[]): Value => {
    const present = (v: Value) => (Array.isArray(v) ? v : [v]).map(num).filter((x): x is number => x !== undefined);
    switch (fn) {
      case 'IF': {
        const c = num(args[0]);
        return c === undefined ? undefined : c !== 0 ? args[1] : args[2];
      }
      case 'MAX': return present(args[0]).length === 0 ? undefined : Math.max(...present(args[0]));
      case 'MIN': return present(args[0]).length === 0 ? undefined : Math.min(...present(args[0]));
      case 'SUM': return present(args[0]).length === 0 ? undefined : present(args[0]).reduce((a, b) => a + b, 0);
      case 'FILL': return num(args[0]) ?? num(args[1]);
      case 'ABS': return arithmetic(args[0], 0, (x) => Math.abs(x));
      case 'EPOCH': return epochSeconds;
      default: throw new Error(`function ${fn} is not modelled`);
    }
  };
  const result = logical();
  if (pos !== tokens.length) {
    throw new Error(`unexpected '${tokens[pos]}' in ${expression}`);
  }
  return result;
}

/**
 * The limits a limit-in-force alarm divides by (`connections / 5000` → 5000), in the order its
 * expression names them; its `Threshold` is the percentage of them.
 */
export function limitsOf(template: { findResources(type: string): Record<string, any> }, alarmName: string, id: string): number[] {
  const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((r) => r.Properties.AlarmName === alarmName);
  if (!alarm) {
    throw new Error(`no alarm ${alarmName}`);
  }
  const expression: string = alarm.Properties.Metrics.find((m: any) => m.Expression).Expression;
  return [...new Set([...expression.matchAll(new RegExp(`\\b${id} / (\\d+)`, 'g'))].map((m) => Number(m[1])))];
}
