import { Duration, TimeZone, Token } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { MAX_RAMP_DOWN_STEPS, MAX_WINDOW_DAYS } from '../private/limits';
import { NAME_RULE, isValidName } from '../private/names';
import { checkDuration, describeDuration, durationMs } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import {
  formatLocal, formatOffset, isoUtc, instantsOf, isKnownTimeZone, LocalDateTime, offsetMs, parseLocalDateTime, toLocal,
} from '../private/zoned-time';
import { StepKind, TimelineStep } from './timeline-step';

/** Properties of an {@link EventWindow}. */
export interface EventWindowProps {
  /**
   * The event's name: lowercase letters, digits and single hyphens, starting with a
   * letter, at most 20 characters. It prefixes the event's AWS resource names
   * (schedule group, alarms, dashboard), so it must be unique per account and region.
   */
  readonly name: string;
  /**
   * When the event starts, as the local wall-clock time in `timeZone`:
   * `YYYY-MM-DDTHH:mm` (seconds, if given, must be `00`; no offset or `Z`).
   */
  readonly start: string;
  /** When the event ends, in the same form as `start`; must be after `start`. */
  readonly end: string;
  /**
   * The IANA time zone the start and end are given in.
   * @default TimeZone.ETC_UTC
   */
  readonly timeZone?: TimeZone;
  /**
   * How long before `start` capacity is raised. Whole minutes, more than zero,
   * at most 90 days. Stateful tiers need hours (read replicas); the readiness
   * construct fails synth when a change needs more than this.
   * @default Duration.hours(2)
   */
  readonly prewarmLead?: Duration;
  /**
   * How long the gradual return to baseline takes after `end`. Whole minutes, more than
   * zero, at most 90 days.
   * @default Duration.hours(24)
   */
  readonly rampDown?: Duration;
  /**
   * How many steps the ramp-down has (1–24). Step k of N fires at
   * `end + (k − 1) × rampDown / N` (rounded down to the minute) and sets capacity
   * k/(N+1) of the way from peak to baseline; baseline is restored at `end + rampDown`.
   * @default 3
   */
  readonly rampDownSteps?: number;
}

/** Where in the timeline an EventBridge Scheduler or Application Auto Scaling `at()` fires. */
export interface ScheduleAt {
  /** `at(YYYY-MM-DDTHH:mm:ss)` in the wall-clock time of `timeZone`. */
  readonly expression: string;
  /** The zone the expression is read in. */
  readonly timeZone: TimeZone;
}

/**
 * A traffic event's window and the timeline of capacity changes it implies:
 *
 * `baseline → prewarm (start − lead) → peak (start) → ramp-down 1…N (after end) → baseline`.
 *
 * A value object, not a construct. Local times are converted with the platform's
 * time-zone database, correct across daylight-saving changes and in zones with
 * 30- and 45-minute offsets. Durations are elapsed time: a 24-hour ramp-down across
 * a daylight-saving change ends at a different wall-clock hour than it started.
 *
 * A local time that does not exist (inside a spring-forward gap) is rejected. A local
 * time that occurs twice (inside a fall-back overlap) is rejected for `start` and `end`;
 * a derived step that lands in an overlap is scheduled in UTC so it fires exactly once,
 * at the intended instant.
 */
export class EventWindow {
  /** The most ramp-down steps an event may have (each adds schedules per tier). */
  public static readonly MAX_RAMP_DOWN_STEPS = MAX_RAMP_DOWN_STEPS;
  /** The longest event (end − start), pre-warm lead or ramp-down, in days. */
  public static readonly MAX_WINDOW_DAYS = MAX_WINDOW_DAYS;

  /** The event's name. */
  public readonly name: string;
  /** The start as given (local wall-clock time). */
  public readonly start: string;
  /** The end as given (local wall-clock time). */
  public readonly end: string;
  /** The zone the event's times are given in. */
  public readonly timeZone: TimeZone;
  /** How long before start capacity is raised. */
  public readonly prewarmLead: Duration;
  /** How long the return to baseline takes after end. */
  public readonly rampDown: Duration;
  /** How many ramp-down steps there are. */
  public readonly rampDownSteps: number;
  /** The start as a UTC instant. */
  public readonly startInstant: Date;
  /** The end as a UTC instant. */
  public readonly endInstant: Date;
  /** The ordered timeline: prewarm, peak, ramp-down 1…N, baseline. */
  public readonly timeline: TimelineStep[];

  constructor(props: EventWindowProps) {
    const problems: string[] = [];
    const name = props.name;
    const zone = props.timeZone ?? TimeZone.ETC_UTC;
    const prewarmLead = props.prewarmLead ?? Duration.hours(2);
    const rampDown = props.rampDown ?? Duration.hours(24);
    const rampDownSteps = props.rampDownSteps ?? 3;
    const subject = `EventWindow '${name}'`;

    if (typeof name !== 'string' || Token.isUnresolved(name)) {
      problems.push(`name must be a literal string, got ${String(name)}`);
    } else if (!isValidName(name)) {
      problems.push(`name ${NAME_RULE}, got '${name}'`);
    }

    // From JavaScript a plain string gets through the types: its `timezoneName` is undefined,
    // which the platform would read as the machine's own zone.
    const zoneName: unknown = (zone as TimeZone | undefined)?.timezoneName;
    const zoneOk = typeof zoneName === 'string' && !Token.isUnresolved(zoneName) && isKnownTimeZone(zoneName);
    if (typeof zoneName !== 'string') {
      problems.push(`timeZone must be a TimeZone (TimeZone.AMERICA_NEW_YORK, TimeZone.of('Asia/Kolkata')), got `
        + (typeof zone === 'string' ? `the string '${zone}'` : String(zone)));
    } else if (!zoneOk) {
      problems.push(`timeZone must be an IANA time zone name such as 'America/Los_Angeles', got '${zoneName}'`);
    }

    const start = zoneOk ? resolveLocal('start', props.start, zoneName as string, problems) : undefined;
    const end = zoneOk ? resolveLocal('end', props.end, zoneName as string, problems) : undefined;
    if (start !== undefined && end !== undefined) {
      if (end <= start) {
        problems.push(`end must be after start, got start '${props.start}' and end '${props.end}' (${zoneName})`);
      } else if (end - start > MAX_WINDOW_DAYS * 86400_000) {
        problems.push(`the event (end − start) must last at most ${MAX_WINDOW_DAYS} days, `
          + `got ${describeDuration(Duration.millis(end - start))}`);
      }
    }

    const window = `more than zero and at most ${MAX_WINDOW_DAYS} days`;
    checkDuration(problems, 'prewarmLead', prewarmLead, { aboveMs: 0, maxMs: MAX_WINDOW_DAYS * 86400_000, wholeMinutes: true, allowed: window });
    const rampDownOk = checkDuration(problems, 'rampDown', rampDown,
      { aboveMs: 0, maxMs: MAX_WINDOW_DAYS * 86400_000, wholeMinutes: true, allowed: window });

    if (typeof rampDownSteps !== 'number' || !Number.isInteger(rampDownSteps)
      || rampDownSteps < 1 || rampDownSteps > MAX_RAMP_DOWN_STEPS) {
      problems.push(`rampDownSteps must be a whole number from 1 to ${MAX_RAMP_DOWN_STEPS}, got ${rampDownSteps}`);
    } else if (rampDownOk && durationMs(rampDown) / rampDownSteps < 60_000) {
      problems.push(`rampDown / rampDownSteps must leave at least 1 minute between steps (schedules fire with `
        + `one-minute precision), got ${describeDuration(rampDown)} / ${rampDownSteps}`);
    }

    ValidationError.throwIfAny(subject, problems);

    this.name = name;
    this.start = props.start;
    this.end = props.end;
    this.timeZone = zone as TimeZone;
    this.prewarmLead = prewarmLead;
    this.rampDown = rampDown;
    this.rampDownSteps = rampDownSteps;
    this.startInstant = new Date(start!);
    this.endInstant = new Date(end!);
    this.timeline = this.buildTimeline(start!, end!);
  }

  /** The step with the given id (`prewarm`, `peak`, `ramp-down-2`, `baseline`). */
  public step(id: string): TimelineStep {
    const found = this.timeline.find((s) => s.id === id);
    if (!found) {
      throw new ValidationError(`EventWindow '${this.name}' has no step '${id}'; it has `
        + this.timeline.map((s) => `'${s.id}'`).join(', '));
    }
    return found;
  }

  /** The prewarm step. */
  public get prewarm(): TimelineStep {
    return this.timeline[0];
  }

  /** The peak step (the event's start). */
  public get peak(): TimelineStep {
    return this.timeline[1];
  }

  /** The ramp-down steps, in order. */
  public get rampDownTimeline(): TimelineStep[] {
    return this.timeline.filter((s) => s.kind === StepKind.RAMP_DOWN);
  }

  /** The final step, when everything is back at baseline. */
  public get baseline(): TimelineStep {
    return this.timeline[this.timeline.length - 1];
  }

  /**
   * The step in force at an instant: the latest step at or before it,
   * or undefined before prewarm.
   */
  public phaseAt(instant: Date): TimelineStep | undefined {
    let current: TimelineStep | undefined;
    for (const s of this.timeline) {
      if (s.instant.getTime() <= instant.getTime()) {
        current = s;
      }
    }
    return current;
  }

  /**
   * The `at(...)` expression and zone that fire at a step: the event zone's wall-clock
   * time, or UTC where that wall-clock time occurs twice (a fall-back overlap).
   * Use this for EventBridge Scheduler and Application Auto Scaling alike.
   */
  public scheduleAt(step: TimelineStep): ScheduleAt {
    return this.scheduleAtInstant(step.instant);
  }

  /**
   * The `at(...)` expression and zone that fire at an instant (whole minutes): the event
   * zone's wall-clock time, or UTC where that wall-clock time occurs twice.
   */
  public scheduleAtInstant(instant: Date): ScheduleAt {
    const zoneName = this.timeZone.timezoneName;
    const local = toLocal(instant.getTime(), zoneName);
    if (instantsOf(local, zoneName).length === 1) {
      return { expression: `at(${formatLocal(local)})`, timeZone: this.timeZone };
    }
    return {
      expression: `at(${formatLocal(toLocal(instant.getTime(), 'UTC'))})`,
      timeZone: TimeZone.ETC_UTC,
    };
  }

  /** The event zone's wall-clock time at an instant, `YYYY-MM-DDTHH:mm:ss`. */
  public localTime(instant: Date): string {
    return formatLocal(toLocal(instant.getTime(), this.timeZone.timezoneName));
  }

  /**
   * An EventBridge Scheduler expression for a step. Unlike aws-cdk-lib's
   * `ScheduleExpression.at(date, zone)` (which formats the date in UTC and labels it
   * with the zone), this renders the zone's own wall-clock time.
   */
  public scheduleExpression(step: TimelineStep): ScheduleExpression {
    return this.scheduleExpressionAt(step.instant);
  }

  /** An EventBridge Scheduler expression firing at an instant, in the event's zone. */
  public scheduleExpressionAt(instant: Date): ScheduleExpression {
    const at = this.scheduleAtInstant(instant);
    return ScheduleExpression.expression(at.expression, at.timeZone);
  }

  private buildTimeline(start: number, end: number): TimelineStep[] {
    const zoneName = this.timeZone.timezoneName;
    const n = this.rampDownSteps;
    // Whole minutes, rounded DOWN: the last step then stays strictly before the baseline.
    const interval = Math.floor(this.rampDown.toMilliseconds() / n / 60_000) * 60_000;
    const make = (id: string, kind: StepKind, index: number, rampDownNumber: number, ms: number,
      rampFraction: number): TimelineStep => {
      const local = toLocal(ms, zoneName);
      return {
        id,
        kind,
        index,
        rampDownNumber,
        instant: new Date(ms),
        utc: isoUtc(new Date(ms)),
        local: formatLocal(local),
        utcOffset: formatOffset(offsetMs(ms, zoneName)),
        rampFraction,
      };
    };
    const steps: TimelineStep[] = [
      make('prewarm', StepKind.PREWARM, 0, 0, start - this.prewarmLead.toMilliseconds(), 0),
      make('peak', StepKind.PEAK, 1, 0, start, 0),
    ];
    for (let k = 1; k <= n; k++) {
      steps.push(make(`ramp-down-${k}`, StepKind.RAMP_DOWN, k + 1, k, end + (k - 1) * interval, k / (n + 1)));
    }
    steps.push(make('baseline', StepKind.BASELINE, n + 2, 0, end + this.rampDown.toMilliseconds(), 1));
    return steps;
  }
}

function resolveLocal(field: string, text: unknown, zone: string, problems: string[]): number | undefined {
  const shape = `a local wall-clock time 'YYYY-MM-DDTHH:mm' (no offset or 'Z'; the zone goes in timeZone)`;
  if (typeof text !== 'string' || Token.isUnresolved(text)) {
    problems.push(`${field} must be ${shape}, got ${String(text)}`);
    return undefined;
  }
  const local: LocalDateTime | undefined = parseLocalDateTime(text);
  if (!local) {
    problems.push(`${field} must be ${shape} naming a real calendar date and time, got '${text}'`);
    return undefined;
  }
  if (local.second !== 0) {
    problems.push(`${field} must fall on a whole minute (schedules fire with one-minute precision), got '${text}'`);
    return undefined;
  }
  const instants = instantsOf(local, zone);
  if (instants.length === 0) {
    problems.push(`${field} '${text}' does not exist in ${zone}: the clocks skip it when daylight-saving time `
      + 'starts; choose a time outside the gap');
    return undefined;
  }
  if (instants.length > 1) {
    problems.push(`${field} '${text}' occurs twice in ${zone} (clocks go back when daylight-saving time ends, at `
      + instants.map((i) => isoUtc(new Date(i))).join(' and ')
      + '); choose a time outside the overlap');
    return undefined;
  }
  return instants[0];
}
