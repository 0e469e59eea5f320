/**
 * EventCalendar: several events on the same tiers in one stack. What AWS would do on deploy is
 * the measure: one owner per Application Auto Scaling scalable target, no UpdateTable that
 * lowers warm throughput, no two events changing a tier at once, and tier stacks that never
 * change for an event.
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fc from 'fast-check';
import {
  CalendarEventProps, EventCalendar, EventCalendarStack, EventReadiness, EventReadinessStack, EventWindow,
  EventWindowProps, ExistingStatelessResources, StatelessTier,
} from '../lib';
import { newApp } from './support/app';
import { BEFORE_EVENTS } from './support/fixtures';
import { firesAt } from './support/oracles';
import { SEED } from './support/properties';
import { TestTier } from './support/test-tier';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const KEYS: dynamodb.TablePropsV2 = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };

function window(name: string, start: string, end: string, overrides: Partial<EventWindowProps> = {}): EventWindow {
  return new EventWindow({
    name, start, end, timeZone: TimeZone.AMERICA_NEW_YORK, prewarmLead: Duration.hours(3), rampDown: Duration.hours(12), rampDownSteps: 2,
    ...overrides,
  });
}

const SPRING = () => window('spring-sale', '2026-04-10T09:00', '2026-04-10T21:00');
const SUMMER = () => window('summer-sale', '2026-07-10T09:00', '2026-07-11T09:00');
const AUTUMN = () => window('autumn-sale', '2026-10-09T09:00', '2026-10-09T21:00');

/** A shop: a stateless catalog (alias + on-demand table with a read cap) in a tier stack of its own. */
function shop(app: App = newApp()) {
  const tiers = new Stack(app, 'Tiers');
  const catalog = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS, maxReadRequestUnits: 5000 });
  return { app, tiers, catalog };
}

/** Schedules of a template: when each fires (an independent zone oracle) and its input, imports by export name. */
function schedules(template: Template): Array<{ at: number; input: any; group: any }> {
  return Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r) => {
    const p = r.Properties;
    const raw = p.Target.Input;
    const text = typeof raw === 'string' ? raw : raw['Fn::Join'][1].map((x: any) => (typeof x === 'string' ? x : x['Fn::ImportValue'] ?? 'TOKEN')).join('');
    return { at: firesAt(p.ScheduleExpression, p.ScheduleExpressionTimezone).instant!, input: JSON.parse(text), group: p.GroupName };
  });
}

describe('a calendar of three events on one stateless tier', () => {
  const { app, tiers, catalog } = shop();
  const sale = (pc: number, warmReads: number, capReads: number) => catalog.forEvent({
    provisionedConcurrency: pc, warmThroughput: { readUnitsPerSecond: warmReads }, maxReadRequestUnits: capReads,
  });
  const stack = new EventCalendarStack(app, 'ShopCalendar', {
    now: BEFORE_EVENTS,
    alarmEmails: ['oncall@example.org'],
    // Given out of order: the calendar plans them in time order.
    events: [
      { window: SUMMER(), tiers: [sale(600, 30000, 32000)] },
      { window: SPRING(), tiers: [sale(300, 20000, 22000)] },
      // Smaller than summer: its warm throughput is already there.
      { window: AUTUMN(), tiers: [sale(200, 25000, 26000)] },
    ],
  });
  const t = Template.fromStack(stack);
  const plan = (name: string) => t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}${name}`];

  test('the events are in time order, each with its own construct named after it', () => {
    expect(stack.calendar.events.map((e) => [e.node.id, e.node.path])).toEqual([
      ['spring-sale', 'ShopCalendar/Calendar/spring-sale'],
      ['summer-sale', 'ShopCalendar/Calendar/summer-sale'],
      ['autumn-sale', 'ShopCalendar/Calendar/autumn-sale'],
    ]);
    expect(stack.calendar.eventNamed('summer-sale').window.name).toBe('summer-sale');
    expect(() => stack.calendar.eventNamed('winter')).toThrow("EventCalendar has no event 'winter'; its events: spring-sale, summer-sale, autumn-sale");
  });

  test('the alias\'s scalable target is registered once, with every event\'s scheduled actions', () => {
    const targets = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(targets).toHaveLength(1);
    const actions = targets[0].Properties.ScheduledActions.map((a: any) => [a.ScheduledActionName, a.ScalableTargetAction.MinCapacity]);
    expect(actions).toEqual([
      ['spring-sale-prewarm', 300], ['spring-sale-ramp-down-1', 200], ['spring-sale-ramp-down-2', 100], ['spring-sale-baseline', 0],
      ['summer-sale-prewarm', 600], ['summer-sale-ramp-down-1', 400], ['summer-sale-ramp-down-2', 200], ['summer-sale-baseline', 0],
      ['autumn-sale-prewarm', 200], ['autumn-sale-ramp-down-1', 133], ['autumn-sale-ramp-down-2', 67], ['autumn-sale-baseline', 0],
    ]);
    expect([targets[0].Properties.MinCapacity, targets[0].Properties.MaxCapacity]).toEqual([0, 0]);
    expect(['spring-sale', 'summer-sale', 'autumn-sale'].map((n) => plan(n).resources.scalableTargets)).toEqual([1, 1, 1]);
  });

  test('one schedule group, dead-letter queue, health alarm and dashboard per event', () => {
    t.resourceCountIs('AWS::Scheduler::ScheduleGroup', 3);
    t.resourceCountIs('AWS::SQS::Queue', 3);
    for (const name of ['spring-sale', 'summer-sale', 'autumn-sale']) {
      t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: `${name}-health` });
      t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `${name}-readiness` });
      expect(plan(name).calendar).toBe('ShopCalendar/Calendar');
    }
  });

  test('one alarm topic for the calendar: one subscription to confirm, a policy that lets every event\'s alarms publish', () => {
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    const policy = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument;
    const allow = policy.Statement.find((s: any) => s.Sid === 'AllowCalendarAlarmsToPublish');
    const names = allow.Condition.ArnEquals['aws:SourceArn'].map((j: any) => j['Fn::Join'][1].at(-1).replace(':alarm:', ''));
    // Exactly each event's notifying alarms: its tier composite and its own alarms, no pattern.
    const notifying = [...Object.values(t.findResources('AWS::CloudWatch::Alarm')), ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))]
      .filter((r) => (r.Properties.AlarmActions ?? []).length > 0).map((r) => r.Properties.AlarmName);
    expect([...names].sort()).toEqual(notifying.sort());
    for (const event of ['spring-sale', 'summer-sale', 'autumn-sale']) {
      expect(names).toEqual(expect.arrayContaining([`${event}-catalog-health`, `${event}-scheduled-change-failed`]));
    }
    const key = Object.values(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement
      .find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(key.Condition.ArnEquals['aws:SourceArn']).toEqual(allow.Condition.ArnEquals['aws:SourceArn']);
  });

  test('warm throughput only rises: the smaller autumn event sends none, and its plan says why', () => {
    const warm = schedules(t).filter((s) => s.input.WarmThroughput).sort((a, b) => a.at - b.at);
    expect(warm.map((s) => s.input.WarmThroughput.ReadUnitsPerSecond)).toEqual([20000, 30000]);
    expect(plan('summer-sale').tiers[0].changes.find((c: any) => c.setting === 'warm throughput').before).toBe('warm read 20000/s');
    expect(plan('autumn-sale').tiers[0].changes.map((c: any) => c.setting)).not.toContain('warm throughput');
    expect(plan('autumn-sale').tiers[0].notes).toEqual([
      "warm throughput read stays at 30000/s, raised by event 'summer-sale' (it can never be lowered), which covers this event's 25000/s",
    ]);
  });

  test('the cost cap is raised and restored in calls of their own, never riding with warm throughput', () => {
    const caps = schedules(t).filter((s) => s.input.OnDemandThroughput).sort((a, b) => a.at - b.at);
    expect(caps.map((s) => s.input.OnDemandThroughput.MaxReadRequestUnits)).toEqual([22000, 5000, 32000, 5000, 26000, 5000]);
    expect(schedules(t).every((s) => !(s.input.OnDemandThroughput && s.input.WarmThroughput))).toBe(true);
  });

  test('passes cdk-nag AwsSolutions, and the tier stack holds no event resource', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
    const tierTemplate = Template.fromStack(tiers);
    tierTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    tierTemplate.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(stack.dependencies).toContain(tiers);
  });
});

test('a topic of the calendar\'s own stack gets one publish statement per event (statement ids are unique)', () => {
  const { app, catalog } = shop();
  const stack = new Stack(app, 'Events');
  const topic = new sns.Topic(stack, 'Ops', { enforceSSL: true });
  new EventCalendar(stack, 'Calendar', {
    now: BEFORE_EVENTS, alarmTopic: topic,
    events: [SPRING(), SUMMER()].map((w) => ({ window: w, tiers: [catalog.forEvent({ maxReadRequestUnits: 9000 })] })),
  });
  const statements = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
  const allow = statements.filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
  expect(allow.map((st: any) => [st.Sid, st.Condition.ArnEquals['aws:SourceArn'][0]['Fn::Join'][1].at(-1)])).toEqual([
    ['AllowEventAlarmsToPublishForspringXsale', ':alarm:spring-sale-catalog-health'],
    ['AllowEventAlarmsToPublishForsummerXsale', ':alarm:summer-sale-catalog-health'],
  ]);
  Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
});

describe('re-dating and retiring events', () => {
  const synth = (events: (c: StatelessTier) => CalendarEventProps[]) => {
    const { app, tiers, catalog } = shop();
    const stack = new EventCalendarStack(app, 'ShopCalendar', { now: BEFORE_EVENTS, events: events(catalog) });
    return { tiers: Template.fromStack(tiers).toJSON(), calendar: Template.fromStack(stack).toJSON() };
  };
  const peak = (c: StatelessTier, pc: number) => [c.forEvent({ provisionedConcurrency: pc, maxReadRequestUnits: 9000 })];
  const all = synth((c) => [
    { window: SPRING(), tiers: peak(c, 300) }, { window: SUMMER(), tiers: peak(c, 600) }, { window: AUTUMN(), tiers: peak(c, 200) },
  ]);

  test('re-dating one event changes only the calendar stack: the tier template is byte-identical', () => {
    const redated = synth((c) => [
      { window: SPRING(), tiers: peak(c, 300) },
      { window: window('summer-sale', '2026-07-17T09:00', '2026-07-18T09:00'), tiers: peak(c, 800) },
      { window: AUTUMN(), tiers: peak(c, 200) },
    ]);
    expect(JSON.stringify(redated.tiers)).toBe(JSON.stringify(all.tiers));
    expect(JSON.stringify(redated.calendar)).not.toBe(JSON.stringify(all.calendar));
    expect(Object.keys(redated.calendar.Resources).sort()).toEqual(Object.keys(all.calendar.Resources).sort());
  });

  test('retiring a past event removes only its resources: the others keep their logical IDs and properties, but for the next event\'s watch', () => {
    const retired = synth((c) => [{ window: SUMMER(), tiers: peak(c, 600) }, { window: AUTUMN(), tiers: peak(c, 200) }]);
    const kept = Object.keys(retired.calendar.Resources);
    const gone = Object.keys(all.calendar.Resources).filter((id) => !kept.includes(id));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((id) => id.startsWith('Calendarspringsale'))).toBe(true);
    expect(kept.every((id) => id in all.calendar.Resources)).toBe(true);
    // The shared scalable target stays (named after its tier) and loses only spring's actions.
    const target = (t: any) => Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target(retired.calendar).Properties.ScheduledActions)
      .toEqual(target(all.calendar).Properties.ScheduledActions.filter((a: any) => !a.ScheduledActionName.startsWith('spring-sale-')));
    // Alarms against a limit in force watch from the end of the previous event of the resource:
    // with spring retired, summer's watches from the start. Only their expressions change.
    const changed: string[] = [];
    const withoutExpression = (r: any) => JSON.stringify(r, (k, v) => (k === 'Expression' ? undefined : v));
    for (const id of kept.filter((x) => /^Calendar(summersale|autumnsale)/.test(x))) {
      if (JSON.stringify(retired.calendar.Resources[id]) !== JSON.stringify(all.calendar.Resources[id])) {
        changed.push(retired.calendar.Resources[id].Properties.AlarmName);
        expect(withoutExpression(retired.calendar.Resources[id])).toBe(withoutExpression(all.calendar.Resources[id]));
      }
    }
    // (and so does the account's concurrency, which each event watches in its own stretch of time)
    expect(changed.sort()).toEqual(['summer-sale-account-concurrency', 'summer-sale-catalog-table-near-cap']);
    expect(retired.tiers.Resources).toEqual(all.tiers.Resources);
  });
});

describe('the scalable target is registered at the capacity in force now, across events', () => {
  test.each([
    ['before every event', '2026-01-01T00:00:00Z', 0],
    ['during summer', '2026-07-10T20:00:00Z', 600],
    ['in summer\'s ramp-down', '2026-07-11T16:00:00Z', 400],
    ['between summer and autumn', '2026-08-01T00:00:00Z', 0],
    ['during autumn', '2026-10-09T20:00:00Z', 200],
  ])('%s', (_name, now, capacity) => {
    const { app, catalog } = shop();
    const stack = new EventCalendarStack(app, 'ShopCalendar', {
      now: new Date(now),
      events: [
        { window: SUMMER(), tiers: [catalog.forEvent({ provisionedConcurrency: 600 })] },
        { window: AUTUMN(), tiers: [catalog.forEvent({ provisionedConcurrency: 200 })] },
      ],
    });
    const target = Object.values(Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    expect([target.Properties.MinCapacity, target.Properties.MaxCapacity]).toEqual([capacity, capacity]);
  });
});

describe('cross-event rules are synth errors naming both events', () => {
  test('two events of a calendar changing one tier in overlapping windows', () => {
    const { app, catalog } = shop();
    expect(() => new EventCalendar(new Stack(app, 'C'), 'Calendar', {
      now: BEFORE_EVENTS,
      events: [
        { window: SUMMER(), tiers: [catalog.forEvent({ provisionedConcurrency: 600 })] },
        // Its prewarm (3 h before 2026-07-11T12:00 local) falls in summer's ramp-down.
        { window: window('summer-late', '2026-07-11T12:00', '2026-07-11T20:00'), tiers: [catalog.forEvent({ provisionedConcurrency: 100 })] },
      ],
    })).toThrow(/^\[C\/Calendar\] events 'summer-sale' and 'summer-late' both change tier Tiers\/Catalog in windows that overlap \('summer-sale' 2026-07-10T10:00:00Z to 2026-07-12T01:01:00Z, 'summer-late' 2026-07-11T13:00:00Z to 2026-07-12T12:01:00Z; prewarm to baseline, with every change's lead time\): move one event, or plan them as one event whose EventWindow covers both$/);
  });

  test('two readiness stacks registering the same scalable target, even months apart, point to the calendar', () => {
    const { app, catalog } = shop();
    new EventReadinessStack(app, 'Summer', { window: SUMMER(), now: BEFORE_EVENTS, tiers: [catalog.forEvent({ provisionedConcurrency: 600 })] });
    expect(() => new EventReadinessStack(app, 'Autumn', { window: AUTUMN(), now: BEFORE_EVENTS, tiers: [catalog.forEvent({ provisionedConcurrency: 200 })] }))
      .toThrow("[Autumn/Readiness] event 'autumn-sale' and event 'summer-sale' (Summer/Readiness) would both register the scalable target "
        + 'lambda:function:ProvisionedConcurrency of tier Tiers/Catalog. A scalable target has one owner: the second deploy overwrites '
        + "the first's scheduled actions, and deleting either stack deregisters it for both. Plan the events in one EventCalendar, "
        + "which registers each scalable target once and merges the events' scheduled actions");
  });

  test('a calendar and a readiness stack registering the same scalable target', () => {
    const { app, catalog } = shop();
    new EventCalendarStack(app, 'Calendar', { now: BEFORE_EVENTS, events: [{ window: SUMMER(), tiers: [catalog.forEvent({ provisionedConcurrency: 600 })] }] });
    expect(() => new EventReadinessStack(app, 'Autumn', { window: AUTUMN(), now: BEFORE_EVENTS, tiers: [catalog.forEvent({ provisionedConcurrency: 200 })] }))
      .toThrow(/event 'autumn-sale' and event 'summer-sale' \(Calendar\/Calendar\) would both register the scalable target/);
  });

  test('two readiness stacks changing one tier in overlapping windows; apart, they may', () => {
    const { app, catalog } = shop();
    const cap = (n: number) => [catalog.forEvent({ maxReadRequestUnits: n })];
    new EventReadinessStack(app, 'Summer', { window: SUMMER(), now: BEFORE_EVENTS, tiers: cap(9000) });
    // Months apart, with no scalable target or one-way setting: two stacks are fine.
    expect(() => new EventReadinessStack(app, 'Autumn', { window: AUTUMN(), now: BEFORE_EVENTS, tiers: cap(8000) })).not.toThrow();
    expect(() => new EventReadinessStack(app, 'Overlap', {
      window: window('summer-late', '2026-07-11T06:00', '2026-07-11T20:00'), now: BEFORE_EVENTS, tiers: cap(7000),
    })).toThrow(/events 'summer-sale' and 'summer-late' both change tier Tiers\/Catalog in windows that overlap .*and they are planned by different readiness constructs \(Summer\/Readiness and Overlap\/Readiness\) that cannot see each other's changes: plan them in one EventCalendar, with windows that do not overlap$/);
  });

  test('two readiness stacks raising the same table\'s warm throughput: only a calendar knows what the first left', () => {
    const { app, catalog } = shop();
    const warm = (n: number) => [catalog.forEvent({ warmThroughput: { readUnitsPerSecond: n }, maxReadRequestUnits: n })];
    new EventReadinessStack(app, 'Summer', { window: SUMMER(), now: BEFORE_EVENTS, tiers: warm(30000) });
    expect(() => new EventReadinessStack(app, 'Autumn', { window: AUTUMN(), now: BEFORE_EVENTS, tiers: warm(20000) }))
      .toThrow("[Autumn/Readiness] event 'autumn-sale' raises warm throughput (read units per second) of a resource that event "
        + "'summer-sale' (Summer/Readiness) also raises. It can only go up, so each event must know what the earlier ones left: "
        + 'plan both events in one EventCalendar');
  });

  test('an earlier event added after a later one that its raise would overtake', () => {
    const { app, catalog } = shop();
    const calendar = new EventCalendar(new Stack(app, 'C'), 'Calendar', {
      now: BEFORE_EVENTS,
      events: [{ window: AUTUMN(), tiers: [catalog.forEvent({ warmThroughput: { readUnitsPerSecond: 20000 }, maxReadRequestUnits: 20000 })] }],
    });
    expect(() => calendar.addEvent({
      window: SUMMER(), tiers: [catalog.forEvent({ warmThroughput: { readUnitsPerSecond: 30000 }, maxReadRequestUnits: 30000 })],
    }))
      .toThrow("[C/Calendar] event 'summer-sale' raises warm throughput (read units per second) to 30000, but the later event "
        + "'autumn-sale' was planned first and raises it to 20000, which would then be a lowering that AWS rejects: add the events in "
        + 'time order (pass them together in `events`)');
  });

  test('events that disagree on a scalable target\'s everyday capacity', () => {
    const { app, catalog } = shop();
    expect(() => new EventCalendar(new Stack(app, 'C'), 'Calendar', {
      now: BEFORE_EVENTS,
      events: [
        { window: SUMMER(), tiers: [catalog.forEvent({ provisionedConcurrency: 600, baselineProvisionedConcurrency: 10 })] },
        { window: AUTUMN(), tiers: [catalog.forEvent({ provisionedConcurrency: 200 })] },
      ],
    })).toThrow(/\[C\/Calendar\/ScalableTargets\] event 'autumn-sale' plans lambda:function:ProvisionedConcurrency of tier Tiers\/Catalog back to 0 outside the event, but event 'summer-sale' plans 10: the everyday capacity of a scalable target is one/);
  });

  test('a calendar too big for one stack fails synth once, with the count and what to do', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    const calendar = new EventCalendar(new Stack(app, 'C'), 'Calendar', { now: BEFORE_EVENTS });
    for (let week = 0; week < 40; week++) {
      const day = new Date(Date.UTC(2026, 2, 2) + week * 7 * 86400_000).toISOString().slice(0, 10);
      calendar.addEvent({ window: window(`sale-${week}`, `${day}T09:00`, `${day}T21:00`), tiers: [tier.forEvent({ peak: 50 })] });
    }
    const message = (() => {
      try {
        app.synth();
        return 'synthesized';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/\[C\/Calendar\] stack C would hold \d{3} resources; CloudFormation allows 500 per stack\. The calendar has 40 events: retire the events that have passed/);
    expect(message.match(/would hold/g)).toHaveLength(1);
  });

  test.each([
    ['no events', {}, 'EventCalendar has no events'],
  ])('a calendar with %s fails synth', (_name, props, message) => {
    const app = newApp();
    new EventCalendar(new Stack(app, 'C'), 'Calendar', { now: BEFORE_EVENTS, ...props });
    expect(() => app.synth()).toThrow(message);
  });

  test.each([
    ['a bad e-mail address', { alarmEmails: ['oncall'] }, "alarmEmails must be e-mail addresses (name@domain.tld), got 'oncall'"],
    ['an e-mail address twice', { alarmEmails: ['oncall@example.org', 'oncall@example.org'] },
      "alarmEmails lists 'oncall@example.org' more than once; each address is subscribed once"],
    ['a window that is not an EventWindow', { events: [{ window: { name: 'x' } as any }] }, 'events[0].window must be an EventWindow, got [object Object]'],
    ['a bad clock', { now: new Date(NaN) }, 'now must be a valid Date, got Invalid Date'],
  ])('%s is a clear error', (_name, props, message) => {
    const app = newApp();
    expect(() => new EventCalendar(new Stack(app, 'C'), 'Calendar', props as any)).toThrow(`[C/Calendar] EventCalendar: ${message}`);
  });

  test('an event name given twice is a clear error, not the constructs library\'s "already a Construct"', () => {
    const app = newApp();
    const calendar = new EventCalendar(new Stack(app, 'C'), 'Calendar', { now: BEFORE_EVENTS, events: [{ window: SPRING() }] });
    expect(() => calendar.addEvent({ window: window('spring-sale', '2026-05-10T09:00', '2026-05-10T21:00') }))
      .toThrow("[C/Calendar] EventCalendar.addEvent: the calendar already has an event named 'spring-sale'; each event needs its own name "
        + "(it names the event's schedule group, alarms and dashboard). Its events: spring-sale");
    expect(() => new EventCalendar(new Stack(newApp(), 'D'), 'Calendar', { now: BEFORE_EVENTS, events: [{ window: SPRING() }, { window: SPRING() }] }))
      .toThrow("[D/Calendar] EventCalendar.addEvent: the calendar already has an event named 'spring-sale'");
  });

  test('the readiness construct\'s own rules still hold per event (a scale-up too late for its start)', () => {
    const app = newApp();
    const tier = new TestTier(new Stack(app, 'Tiers'), 'Tier');
    expect(() => new EventCalendar(new Stack(app, 'C'), 'Calendar', {
      now: BEFORE_EVENTS,
      events: [{ window: SUMMER(), tiers: [tier.forEvent({ peak: 50, leadTime: Duration.hours(5) })] }],
    })).toThrow(/\[C\/Calendar\/summer-sale\] EventReadiness 'summer-sale', tier 'test': change .* needs 5 h 15 min/);
  });
});

describe('what a review found', () => {
  test('Application Auto Scaling\'s 200 scheduled actions per target: a synth error naming the target', () => {
    const { app, catalog } = shop();
    const calendar = new EventCalendar(new Stack(app, 'C'), 'Calendar', { now: BEFORE_EVENTS });
    for (let week = 0; week < 9; week++) {
      const day = new Date(Date.UTC(2026, 2, 2) + week * 14 * 86400_000).toISOString().slice(0, 10);
      calendar.addEvent({
        window: window(`sale-${week}`, `${day}T09:00`, `${day}T21:00`, { rampDown: Duration.hours(48), rampDownSteps: 24 }),
        tiers: [catalog.forEvent({ provisionedConcurrency: 500 })],
      });
    }
    expect(() => app.synth()).toThrow('[C/Calendar/ScalableTargets] the scalable target lambda:function:ProvisionedConcurrency of tier '
      + 'Tiers/Catalog would hold 234 scheduled actions of the calendar\'s events; Application Auto Scaling allows 200 per target '
      + '(not adjustable). Retire the events that have passed, or plan fewer ramp-down steps');
  });

  test('event names that differ only by a hyphen get different statement ids in a shared topic', () => {
    const { app, catalog } = shop();
    const stack = new Stack(app, 'Events');
    const topic = new sns.Topic(stack, 'Ops', { enforceSSL: true });
    new EventCalendar(stack, 'Calendar', {
      now: BEFORE_EVENTS, alarmTopic: topic,
      events: [window('sale-1', '2026-04-10T09:00', '2026-04-10T21:00'), window('sale1', '2026-07-10T09:00', '2026-07-10T21:00')]
        .map((w) => ({ window: w, tiers: [catalog.forEvent({ maxReadRequestUnits: 9000 })] })),
    });
    const sids = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement
      .map((st: any) => st.Sid).filter(Boolean);
    expect(sids).toContain('AllowEventAlarmsToPublishForsaleX1');
    expect(sids).toContain('AllowEventAlarmsToPublishForsale1');
    expect(new Set(sids).size).toBe(sids.length);
  });

  test('one table through two constructs (two wrappers of it by name) in overlapping windows is caught', () => {
    const app = newApp();
    const wrap = (stackId: string) => {
      const stack = new Stack(app, stackId);
      return new ExistingStatelessResources(stack, 'Orders', {
        table: dynamodb.TableV2.fromTableName(stack, 'Table', 'orders'), maxReadRequestUnits: 5000,
      });
    };
    const a = wrap('TeamA');
    const b = wrap('TeamB');
    new EventReadinessStack(app, 'Summer', { window: SUMMER(), now: BEFORE_EVENTS, tiers: [a.forEvent({ maxReadRequestUnits: 9000 })] });
    expect(() => new EventReadinessStack(app, 'Overlap', {
      window: window('summer-late', '2026-07-11T06:00', '2026-07-11T20:00'), now: BEFORE_EVENTS,
      tiers: [b.forEvent({ maxReadRequestUnits: 7000 })],
    })).toThrow(/events 'summer-sale' and 'summer-late' both change dynamodb table orders in windows that overlap .*different readiness constructs \(Summer\/Readiness and Overlap\/Readiness\)/);
  });

  test('a readiness construct created in a calendar\'s scope without addEvent is not one of its events, and its alarms can still publish', () => {
    const { app, catalog } = shop();
    const stack = new Stack(app, 'C');
    const calendar = new EventCalendar(stack, 'Calendar', { now: BEFORE_EVENTS, events: [{ window: SPRING(), tiers: [catalog.forEvent({ maxReadRequestUnits: 9000 })] }] });
    new EventReadiness(calendar, 'Stray', { window: AUTUMN(), alarmTopic: calendar.alarmTopic, now: BEFORE_EVENTS, tiers: [catalog.forEvent({ maxReadRequestUnits: 8000 })] });
    expect(calendar.events.map((e) => e.window.name)).toEqual(['spring-sale']);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
    const patterns = statements.filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com')
      .flatMap((st: any) => [st.Condition.ArnEquals['aws:SourceArn']].flat()).map((j: any) => j['Fn::Join'][1].at(-1));
    expect(patterns.filter((p: string) => p.endsWith('-health')).sort()).toEqual([':alarm:autumn-sale-catalog-health', ':alarm:spring-sale-catalog-health']);
  });
});

describe('property: random calendars of 1-6 events on shared tiers', () => {
  // Events one after another (gaps of 1-40 days), each touching a random subset of two
  // stateless tiers with random peaks. Whatever the calendar, AWS must never see a scalable
  // target registered twice, nor an UpdateTable that lowers (or repeats) warm throughput.
  const eventArb = fc.record({
    gapDays: fc.integer({ min: 1, max: 40 }),
    hours: fc.integer({ min: 2, max: 48 }),
    prewarmHours: fc.integer({ min: 2, max: 8 }),
    rampHours: fc.integer({ min: 1, max: 48 }),
    steps: fc.integer({ min: 1, max: 3 }),
    tiers: fc.subarray(['catalog', 'search'], { minLength: 1 }),
    pc: fc.integer({ min: 1, max: 900 }),
    read: fc.option(fc.integer({ min: 12001, max: 38000 }), { nil: undefined }),
    write: fc.option(fc.integer({ min: 4001, max: 38000 }), { nil: undefined }),
  });

  test('never one scalable target twice, never a lower warm throughput, every cap raise sent', () => {
    fc.assert(fc.property(fc.array(eventArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (events, reversed) => {
      const app = newApp();
      const tiersStack = new Stack(app, 'Tiers');
      const tiers: Record<string, StatelessTier> = {
        catalog: new StatelessTier(tiersStack, 'Catalog', { code: CODE, tableProps: KEYS, maxReadRequestUnits: 5000 }),
        search: new StatelessTier(tiersStack, 'Search', { code: CODE, tableProps: KEYS }),
      };
      let start = Date.UTC(2026, 2, 1);
      const props: CalendarEventProps[] = events.map((e, i) => {
        start += e.gapDays * 86400_000;
        const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
        const end = start + e.hours * 3600_000;
        const w = new EventWindow({
          name: `event-${i}`, start: iso(start), end: iso(end), timeZone: TimeZone.ETC_UTC,
          prewarmLead: Duration.hours(e.prewarmHours), rampDown: Duration.hours(e.rampHours), rampDownSteps: e.steps,
        });
        start = w.baseline.instant.getTime();
        const warm = e.read === undefined && e.write === undefined ? undefined : { readUnitsPerSecond: e.read, writeUnitsPerSecond: e.write };
        return {
          window: w,
          tiers: e.tiers.map((name) => tiers[name].forEvent({
            provisionedConcurrency: e.pc,
            warmThroughput: warm,
            maxReadRequestUnits: name === 'catalog' ? Math.max(e.read ?? 0, 6000) : undefined,
          })),
        };
      });
      // Given in time order or the reverse: the calendar plans them in time order either way.
      const stack = new EventCalendarStack(app, 'Calendar', { now: BEFORE_EVENTS, events: reversed ? [...props].reverse() : props });
      const t = Template.fromStack(stack);

      // One scalable target per alias any event scales, each registered once in the app.
      const targets = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))
        .map((r) => JSON.stringify([r.Properties.ResourceId, r.Properties.ScalableDimension]));
      expect(new Set(targets).size).toBe(targets.length);
      expect(targets).toHaveLength(new Set(events.flatMap((e) => e.tiers)).size);
      expect(Template.fromStack(tiersStack).findResources('AWS::ApplicationAutoScaling::ScalableTarget')).toEqual({});

      // Per table and side, warm throughput requests in firing order only ever rise, from the
      // on-demand table's initial 12,000 reads / 4,000 writes per second.
      const all = schedules(t).sort((a, b) => a.at - b.at);
      for (const table of ['Catalog', 'Search']) {
        const warm = all.filter((s) => s.input.WarmThroughput && s.input.TableName.includes(`ExportsOutputRef${table}Table`));
        expect(warm.length).toBeLessThanOrEqual(events.length);
        for (const [side, initial] of [['ReadUnitsPerSecond', 12000], ['WriteUnitsPerSecond', 4000]] as const) {
          const values = warm.map((s) => s.input.WarmThroughput[side]).filter((v) => v !== undefined);
          values.forEach((v, i) => expect(v).toBeGreaterThan(i === 0 ? initial : values[i - 1]));
        }
      }
      // No request carries warm throughput and a cap together; every event's cap raise is sent.
      expect(all.filter((s) => s.input.WarmThroughput && s.input.OnDemandThroughput)).toEqual([]);
      const capRaises = all.filter((s) => s.input.OnDemandThroughput && s.input.OnDemandThroughput.MaxReadRequestUnits !== 5000);
      expect(capRaises).toHaveLength(events.filter((e) => e.tiers.includes('catalog')).length);
    }), { seed: SEED, numRuns: 12 });
  });
});
