/**
 * The limit in force over time, which the limit-in-force alarms divide by: the lower value while
 * a change may or may not have been applied, and each instant watched by exactly one event.
 */
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { emitOnlyWhatIsRead, expressionAgainstLimit, limitInForce, timeOf } from '../lib/private/in-force';
import { evaluateExpression } from './support/alarm-evaluator';

const H = 3600_000;

describe('limitInForce', () => {
  test('no change: the initial value for all time', () => {
    expect(limitInForce(100, [])).toEqual([{ from: -Infinity, value: 100 }]);
  });

  test('up, then down: the lower value until each change has settled', () => {
    expect(limitInForce(100, [
      { at: 10 * H, settledAt: 11 * H, before: 100, after: 400 },
      { at: 20 * H, settledAt: 21 * H, before: 400, after: 100 },
    ])).toEqual([
      { from: -Infinity, value: 100 },
      { from: 11 * H, value: 400 },
      { from: 20 * H, value: 100 },
    ]);
  });

  test('a change fired before the previous one settled: the lowest of all that may be in force', () => {
    expect(limitInForce(100, [
      { at: 10 * H, settledAt: 12 * H, before: 100, after: 400 },
      { at: 11 * H, settledAt: 13 * H, before: 400, after: 200 },
    ])).toEqual([
      { from: -Infinity, value: 100 },
      { from: 12 * H, value: 200 },
    ]);
  });
});

describe('expressionAgainstLimit', () => {
  const expressionAt = (expression: string, stack: Stack, seconds: number, m: number | undefined) =>
    evaluateExpression(stack.resolve(expression), (id) => (id === 'm' ? m : undefined), seconds);
  const props = { time: 'EPOCH(m)', guard: 'm >= 0', segment: (v: number) => `100 * m / ${v}`, quiet: '0' };

  test('three events of one resource, added out of order: each instant has one watcher, with that event\'s limit', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const held = (name: string, from: number, peak: number) => ({
      eventName: name, from: from * H, to: (from + 10) * H, initial: 100,
      changes: [{ at: from * H, settledAt: (from + 1) * H, before: 100, after: peak },
        { at: (from + 8) * H, settledAt: (from + 9) * H, before: peak, after: 100 }],
    });
    const b = expressionAgainstLimit(stack, 'k', held('b', 100, 400), props);
    const a = expressionAgainstLimit(stack, 'k', held('a', 10, 200), props);
    const c = expressionAgainstLimit(stack, 'k', held('c', 200, 1000), props);
    expect(Token.isUnresolved(a)).toBe(true);
    const values = (hour: number) => [a, b, c].map((e) => expressionAt(e, stack, hour * 3600, 80));
    expect(values(0)).toEqual([80, 0, 0]); // before everything: a, at the everyday 100
    expect(values(15)).toEqual([40, 0, 0]); // a's peak (200)
    expect(values(50)).toEqual([0, 80, 0]); // between a and b: b, at the everyday limit
    expect(values(105)).toEqual([0, 20, 0]); // b's peak (400)
    expect(values(205)).toEqual([0, 0, 8]); // c's peak (1,000)
    expect(values(500)).toEqual([0, 0, 80]); // after everything: the last event
    // and no datapoint where the metric has none
    expect(expressionAt(b, stack, 105 * 3600, undefined)).toBeUndefined();
  });

  test('a raise never restored stays in force: the next event starts from it, also while its own change settles', () => {
    const stack = new Stack(new App(), 'S');
    const raise = (name: string, from: number, after: number) => ({
      eventName: name, from: from * H, to: (from + 10) * H, initial: 12000,
      // as each plan sees it: from the resource's own setting
      changes: [{ at: from * H, settledAt: (from + 1) * H, before: 12000, after }],
    });
    expressionAgainstLimit(stack, 'iops', raise('first', 10, 40000), props);
    const second = expressionAgainstLimit(stack, 'iops', raise('second', 100, 50000), props);
    const at = (hour: number) => expressionAt(second, stack, hour * 3600, 36000);
    expect(at(50)).toBe(90); // 36,000 of the 40,000 the first event left
    expect(at(100.5)).toBe(90); // the second raise under way: still 40,000, not the everyday 12,000
    expect(at(105)).toBe(72); // 36,000 of 50,000
  });

  test('spans that overlap (no claim keeps them apart here) still leave each instant one watcher', () => {
    const stack = new Stack(new App(), 'S');
    const span = (name: string, from: number, to: number) => ({ eventName: name, from: from * H, to: to * H, initial: 100, changes: [] });
    const e = [span('a', 0, 50), span('b', 10, 20), span('c', 30, 60)].map((h) => expressionAgainstLimit(stack, 'k', h, props));
    for (const hour of [-5, 5, 15, 25, 45, 55, 65]) {
      expect({ hour, watchers: e.filter((x) => expressionAt(x, stack, hour * 3600, 80) !== 0).length }).toEqual({ hour, watchers: 1 });
    }
  });

  test('another app is another world', () => {
    const one = new Stack(new App(), 'S');
    const other = new Stack(new App(), 'S');
    const held = { eventName: 'x', from: 0, to: H, initial: 100, changes: [] };
    const e1 = expressionAgainstLimit(one, 'k', held, props);
    expressionAgainstLimit(other, 'k', { ...held, eventName: 'y', from: -10 * H, to: -9 * H }, props);
    expect(one.resolve(e1)).toBe('IF(m >= 0, 100 * m / 100)');
  });
});

describe('emitOnlyWhatIsRead', () => {
  const alarmWith = (held: { changes: any[] }) => {
    const stack = new Stack(new App(), 'S');
    const m = new cloudwatch.Metric({ namespace: 'N', metricName: 'M', dimensionsMap: { D: 'd' }, period: Duration.minutes(1) });
    const expression = expressionAgainstLimit(stack, 'k', { eventName: 'e', from: 0, to: 10 * H, initial: 100, ...held },
      { time: 't', segment: (v) => `100 * m / ${v}`, quiet: '0' });
    const alarm = new cloudwatch.Alarm(stack, 'A', {
      metric: new cloudwatch.MathExpression({ expression, usingMetrics: { m, t: timeOf('m', m) }, period: Duration.minutes(1) }),
      threshold: 80, evaluationPeriods: 1,
    });
    emitOnlyWhatIsRead(alarm);
    return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0].Properties.Metrics;
  };

  test('a limit that never changes needs no time: the alarm has no EPOCH query', () => {
    const metrics = alarmWith({ changes: [] });
    expect(metrics.map((q: any) => q.Id)).toEqual(['expr_1', 'm']);
    expect(JSON.stringify(metrics)).not.toContain('EPOCH');
    expect(metrics[1]).toEqual({ Id: 'm', MetricStat: { Metric: { Namespace: 'N', MetricName: 'M', Dimensions: [{ Name: 'D', Value: 'd' }] }, Period: 60, Stat: 'Average' }, ReturnData: false });
  });

  test('a limit that changes keeps its time query, which reads the metric', () => {
    const metrics = alarmWith({ changes: [{ at: 1 * H, settledAt: 2 * H, before: 100, after: 400 }] });
    expect(metrics.map((q: any) => q.Id).sort()).toEqual(['expr_1', 'm', 't']);
    expect(metrics.find((q: any) => q.Id === 't').Expression).toBe('IF(EPOCH(m) > 100000000000, EPOCH(m) / 1000, EPOCH(m))');
  });
});

test('emitOnlyWhatIsRead keeps every query of an expression that reads them with METRICS()', () => {
  const stack = new Stack(new App(), 'S');
  const metric = (name: string) => new cloudwatch.Metric({ namespace: 'N', metricName: name, period: Duration.minutes(1) });
  const alarm = new cloudwatch.Alarm(stack, 'A', {
    metric: new cloudwatch.MathExpression({ expression: 'SUM(METRICS())', usingMetrics: { a: metric('A'), b: metric('B') } }),
    threshold: 1, evaluationPeriods: 1,
  });
  emitOnlyWhatIsRead(alarm);
  const metrics = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0].Properties.Metrics;
  expect(metrics.map((q: any) => q.Id).sort()).toEqual(['a', 'b', 'expr_1']);
});
