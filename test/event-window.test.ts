import { Duration, TimeZone } from 'aws-cdk-lib';
import { EventWindow, StepKind } from '../lib';
import { ValidationError } from '../lib/private/validation-error';

function window(overrides: Partial<ConstructorParameters<typeof EventWindow>[0]> = {}): EventWindow {
  return new EventWindow({ name: 'sale', start: '2026-07-15T00:00', end: '2026-07-17T00:00', ...overrides });
}

describe('EventWindow defaults', () => {
  test('UTC, 2 h prewarm, 24 h ramp-down in 3 steps', () => {
    const w = window();
    expect(w.timeZone.timezoneName).toBe('Etc/UTC');
    expect(w.prewarmLead.toMinutes()).toBe(120);
    expect(w.rampDown.toHours()).toBe(24);
    expect(w.rampDownSteps).toBe(3);
    expect(w.timeline.map((s) => [s.id, s.kind, s.utc, s.local, s.rampFraction])).toEqual([
      ['prewarm', StepKind.PREWARM, '2026-07-14T22:00:00Z', '2026-07-14T22:00:00', 0],
      ['peak', StepKind.PEAK, '2026-07-15T00:00:00Z', '2026-07-15T00:00:00', 0],
      ['ramp-down-1', StepKind.RAMP_DOWN, '2026-07-17T00:00:00Z', '2026-07-17T00:00:00', 0.25],
      ['ramp-down-2', StepKind.RAMP_DOWN, '2026-07-17T08:00:00Z', '2026-07-17T08:00:00', 0.5],
      ['ramp-down-3', StepKind.RAMP_DOWN, '2026-07-17T16:00:00Z', '2026-07-17T16:00:00', 0.75],
      ['baseline', StepKind.BASELINE, '2026-07-18T00:00:00Z', '2026-07-18T00:00:00', 1],
    ]);
    expect(w.timeline.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(w.rampDownTimeline.map((s) => s.rampDownNumber)).toEqual([1, 2, 3]);
    expect(w.prewarm.id).toBe('prewarm');
    expect(w.peak.id).toBe('peak');
    expect(w.baseline.id).toBe('baseline');
    expect(w.step('ramp-down-2').utc).toBe('2026-07-17T08:00:00Z');
  });

  test('step() names the steps that exist when asked for one that does not', () => {
    expect(() => window().step('ramp-down-9')).toThrow(
      "EventWindow 'sale' has no step 'ramp-down-9'; it has 'prewarm', 'peak', 'ramp-down-1'");
  });

  test('uneven ramp-down intervals are rounded down to the minute; baseline is exact', () => {
    const w = window({ rampDown: Duration.minutes(10), rampDownSteps: 3 });
    expect(w.rampDownTimeline.map((s) => s.utc)).toEqual([
      '2026-07-17T00:00:00Z', '2026-07-17T00:03:00Z', '2026-07-17T00:06:00Z',
    ]);
    expect(w.baseline.utc).toBe('2026-07-17T00:10:00Z');
  });

  test('phaseAt returns the latest step at or before an instant', () => {
    const w = window();
    expect(w.phaseAt(new Date('2026-07-14T21:59:59Z'))).toBeUndefined();
    expect(w.phaseAt(new Date('2026-07-14T22:00:00Z'))?.id).toBe('prewarm');
    expect(w.phaseAt(new Date('2026-07-16T12:00:00Z'))?.id).toBe('peak');
    expect(w.phaseAt(new Date('2026-07-17T09:00:00Z'))?.id).toBe('ramp-down-2');
    expect(w.phaseAt(new Date('2030-01-01T00:00:00Z'))?.id).toBe('baseline');
  });
});

describe('EventWindow time zones', () => {
  test('Los Angeles in summer (PDT, UTC-7): at() carries the local wall-clock time', () => {
    const w = window({ timeZone: TimeZone.AMERICA_LOS_ANGELES, prewarmLead: Duration.hours(3) });
    expect(w.startInstant.toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(w.prewarm.local).toBe('2026-07-14T21:00:00');
    expect(w.prewarm.utcOffset).toBe('-07:00');
    const at = w.scheduleAt(w.prewarm);
    expect(at.expression).toBe('at(2026-07-14T21:00:00)');
    expect(at.timeZone.timezoneName).toBe('America/Los_Angeles');
    const expr = w.scheduleExpression(w.peak);
    expect(expr.expressionString).toBe('at(2026-07-15T00:00:00)');
    expect(expr.timeZone?.timezoneName).toBe('America/Los_Angeles');
  });

  test('prewarm across the March spring-forward: 24 h before 12:00 PDT is 11:00 PST', () => {
    // 2026-03-08 02:00 PST → 03:00 PDT
    const w = window({
      timeZone: TimeZone.AMERICA_LOS_ANGELES, start: '2026-03-08T12:00', end: '2026-03-08T18:00',
      prewarmLead: Duration.hours(24),
    });
    expect(w.peak.utc).toBe('2026-03-08T19:00:00Z');
    expect(w.peak.utcOffset).toBe('-07:00');
    expect(w.prewarm.utc).toBe('2026-03-07T19:00:00Z');
    expect(w.prewarm.local).toBe('2026-03-07T11:00:00');
    expect(w.prewarm.utcOffset).toBe('-08:00');
    expect(w.scheduleAt(w.prewarm).expression).toBe('at(2026-03-07T11:00:00)');
  });

  test('ramp-down across the November fall-back: elapsed hours, local clock shifts', () => {
    // 2026-11-01 02:00 PDT → 01:00 PST
    const w = window({
      timeZone: TimeZone.AMERICA_LOS_ANGELES, start: '2026-10-31T12:00', end: '2026-10-31T22:00',
      rampDown: Duration.hours(12), rampDownSteps: 2,
    });
    expect(w.endInstant.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(w.rampDownTimeline.map((s) => [s.local, s.utcOffset])).toEqual([
      ['2026-10-31T22:00:00', '-07:00'],
      ['2026-11-01T03:00:00', '-08:00'],
    ]);
    expect(w.baseline.utc).toBe('2026-11-01T17:00:00Z');
    expect(w.baseline.local).toBe('2026-11-01T09:00:00'); // 12 elapsed hours, one of them repeated
  });

  test('a derived step inside the fall-back overlap is scheduled in UTC, so it fires once at the right instant', () => {
    // ramp-down-2 lands at 08:30Z = 01:30 PST, a wall-clock time that also existed at 08:30Z − 1 h (01:30 PDT).
    const w = window({
      timeZone: TimeZone.AMERICA_LOS_ANGELES, start: '2026-10-31T12:00', end: '2026-10-31T22:30',
      rampDown: Duration.hours(6), rampDownSteps: 2,
    });
    const step = w.step('ramp-down-2');
    expect(step.utc).toBe('2026-11-01T08:30:00Z');
    expect(step.local).toBe('2026-11-01T01:30:00');
    const at = w.scheduleAt(step);
    expect(at.expression).toBe('at(2026-11-01T08:30:00)');
    expect(at.timeZone.timezoneName).toBe('Etc/UTC');
    // the first step, outside the overlap, keeps the local zone
    expect(w.scheduleAt(w.step('ramp-down-1')).timeZone.timezoneName).toBe('America/Los_Angeles');
  });

  test('Asia/Kolkata (+05:30, no DST)', () => {
    const w = window({ timeZone: TimeZone.ASIA_KOLKATA, start: '2026-12-31T23:30', end: '2027-01-01T02:00',
      prewarmLead: Duration.minutes(45) });
    expect(w.peak.utc).toBe('2026-12-31T18:00:00Z');
    expect(w.peak.utcOffset).toBe('+05:30');
    expect(w.prewarm.local).toBe('2026-12-31T22:45:00');
    expect(w.prewarm.utc).toBe('2026-12-31T17:15:00Z');
    expect(w.scheduleAt(w.peak).expression).toBe('at(2026-12-31T23:30:00)');
  });

  test('Australia/Adelaide: +10:30 in summer, +09:30 after DST ends in April', () => {
    // DST ends 2027-04-04 03:00 ACDT → 02:00 ACST
    const w = window({ timeZone: TimeZone.AUSTRALIA_ADELAIDE, start: '2027-04-03T20:00', end: '2027-04-03T23:00',
      rampDown: Duration.hours(12), rampDownSteps: 1 });
    expect(w.peak.utcOffset).toBe('+10:30');
    expect(w.peak.utc).toBe('2027-04-03T09:30:00Z');
    expect(w.baseline.utcOffset).toBe('+09:30');
    expect(w.baseline.utc).toBe('2027-04-04T00:30:00Z');
    expect(w.baseline.local).toBe('2027-04-04T10:00:00');
  });

  test('Asia/Kathmandu (+05:45)', () => {
    const w = window({ timeZone: TimeZone.ASIA_KATHMANDU, start: '2026-07-15T10:00', end: '2026-07-15T12:00' });
    expect(w.peak.utc).toBe('2026-07-15T04:15:00Z');
    expect(w.peak.utcOffset).toBe('+05:45');
  });
});

describe('EventWindow validation', () => {
  const LA = TimeZone.AMERICA_LOS_ANGELES;
  test.each([
    ['name with capitals', { name: 'Prime-Day' }, "name must be 1-20 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (it prefixes AWS resource names), got 'Prime-Day'"],
    ['name starting with a digit', { name: '1sale' }, "got '1sale'"],
    ['name ending with a hyphen', { name: 'sale-' }, "got 'sale-'"],
    ['name with a double hyphen', { name: 'sale--day' }, "got 'sale--day'"],
    ['name too long', { name: 'a'.repeat(21) }, `got '${'a'.repeat(21)}'`],
    ['empty name', { name: '' }, "got ''"],
    ['malformed start', { start: '15/07/2026 00:00' }, "start must be a local wall-clock time 'YYYY-MM-DDTHH:mm' (no offset or 'Z'; the zone goes in timeZone) naming a real calendar date and time, got '15/07/2026 00:00'"],
    ['start with an offset', { start: '2026-07-15T00:00Z' }, "got '2026-07-15T00:00Z'"],
    ['impossible date', { start: '2026-02-30T00:00' }, "got '2026-02-30T00:00'"],
    ['hour 24', { end: '2026-07-17T24:00' }, 'end must be a local wall-clock time'],
    ['seconds not zero', { start: '2026-07-15T00:00:30' }, "start must fall on a whole minute (schedules fire with one-minute precision), got '2026-07-15T00:00:30'"],
    ['end equal to start', { end: '2026-07-15T00:00' }, "end must be after start, got start '2026-07-15T00:00' and end '2026-07-15T00:00' (Etc/UTC)"],
    ['end before start', { end: '2026-07-14T00:00' }, 'end must be after start'],
    ['event over 90 days', { end: '2026-12-31T00:00' }, 'the event (end − start) must last at most 90 days, got 169 days'],
    ['event 90 days and a minute long', { end: '2026-10-13T00:01' }, 'the event (end − start) must last at most 90 days, got 90 days 1 minute'],
    ['unknown zone', { timeZone: TimeZone.of('Mars/Olympus') }, "timeZone must be an IANA time zone name such as 'America/Los_Angeles', got 'Mars/Olympus'"],
    ['start in the spring-forward gap', { timeZone: LA, start: '2026-03-08T02:30', end: '2026-03-09T00:00' }, "start '2026-03-08T02:30' does not exist in America/Los_Angeles: the clocks skip it when daylight-saving time starts; choose a time outside the gap"],
    ['end in the fall-back overlap', { timeZone: LA, start: '2026-10-31T00:00', end: '2026-11-01T01:30' }, "end '2026-11-01T01:30' occurs twice in America/Los_Angeles (clocks go back when daylight-saving time ends, at 2026-11-01T08:30:00Z and 2026-11-01T09:30:00Z); choose a time outside the overlap"],
    ['zero prewarm lead', { prewarmLead: Duration.minutes(0) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got 0 minutes'],
    ['prewarm lead in seconds', { prewarmLead: Duration.seconds(90) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got 1 minute 30 seconds'],
    ['prewarm lead over 90 days', { prewarmLead: Duration.days(91) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got 91 days'],
    ['prewarm lead NaN', { prewarmLead: Duration.minutes(NaN) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got NaN ms'],
    ['prewarm lead infinite', { prewarmLead: Duration.hours(Infinity) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got Infinity ms'],
    ['prewarm lead of a fraction of a millisecond', { prewarmLead: Duration.seconds(0.0005) }, 'prewarmLead must be more than zero and at most 90 days, in whole minutes, got 0.5 ms'],
    ['zero ramp-down', { rampDown: Duration.hours(0) }, 'rampDown must be more than zero and at most 90 days, in whole minutes, got 0 hours'],
    ['ramp-down in seconds', { rampDown: Duration.seconds(3630) }, 'rampDown must be more than zero and at most 90 days, in whole minutes, got 1 hour 30 seconds'],
    ['ramp-down NaN', { rampDown: Duration.hours(NaN) }, 'rampDown must be more than zero and at most 90 days, in whole minutes, got NaN ms'],
    ['time zone given as a plain string from JavaScript', { timeZone: 'Asia/Kolkata' as any }, "timeZone must be a TimeZone (TimeZone.AMERICA_NEW_YORK, TimeZone.of('Asia/Kolkata')), got the string 'Asia/Kolkata'"],
    ['zero steps', { rampDownSteps: 0 }, 'rampDownSteps must be a whole number from 1 to 24, got 0'],
    ['negative steps', { rampDownSteps: -2 }, 'got -2'],
    ['fractional steps', { rampDownSteps: 2.5 }, 'got 2.5'],
    ['absurd steps', { rampDownSteps: 1000 }, 'got 1000'],
    ['steps under a minute apart', { rampDown: Duration.minutes(2), rampDownSteps: 3 }, 'rampDown / rampDownSteps must leave at least 1 minute between steps (schedules fire with one-minute precision), got 2 minutes / 3'],
  ])('%s', (_label, overrides, message) => {
    expect(() => window(overrides as any)).toThrow(ValidationError);
    expect(() => window(overrides as any)).toThrow(message);
  });

  test('every problem is reported in one error, prefixed with the event', () => {
    expect(() => window({ name: 'Bad', end: 'soon', rampDownSteps: 0 })).toThrow(
      /^EventWindow 'Bad': \n {2}- name must be.*\n {2}- end must be.*\n {2}- rampDownSteps must be/s);
  });
});
