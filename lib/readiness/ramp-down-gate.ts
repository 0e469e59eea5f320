import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { checkDuration, durationMs } from '../private/validate';

/** The most checks one held step makes: each writes about 18 events to its execution's history (25,000 at most). */
const MAX_CHECKS = 1000;

/** What a gated ramp-down step does when the tier is still hot after the maximum hold. */
export enum HeldTooLong {
  /** Apply the step anyway: the plan's capacity comes down, late. */
  APPLY = 'APPLY',
  /** Skip the step: capacity stays where it is until the tier's next step (or for good, at baseline). */
  SKIP = 'SKIP',
}

/** How a gated ramp-down step watches its tier. */
export interface RampDownGateOptions {
  /**
   * The alarms that say the tier is still hot: a step is held while any of them is in ALARM.
   * Their names must be known at synth time (the state machine asks CloudWatch for them by name).
   * @default - the tier's composite alarm, `<event>-<tier>-health`
   */
  readonly alarms?: cloudwatch.IAlarm[];
  /**
   * How long a held step waits before it checks again (whole minutes, 1 minute to 1 hour).
   * @default Duration.minutes(10)
   */
  readonly checkEvery?: Duration;
  /**
   * The longest a step is held: a whole number of `checkEvery` (at most 1,000 of them), whole
   * minutes, at most 24 hours. The event's lead-time and spacing rules count it: a held step must
   * not collide with the next change of the same resource.
   * @default Duration.hours(2)
   */
  readonly maximumHold?: Duration;
  /**
   * What a step still held after `maximumHold` does. A step that no later change of its resource
   * follows (the baseline, an event replica's deletion, a cost cap's restore) is applied even
   * with `SKIP`: nothing after it would make it.
   * @default HeldTooLong.APPLY
   */
  readonly whenHeldTooLong?: HeldTooLong;
}

/**
 * Whether a tier's ramp-down steps wait for the tier to cool down. Scale-ups are never gated.
 * A gated step is carried out by an AWS Step Functions state machine (one per tier, SDK
 * integrations only: no code runs in the account) that the step's schedule starts: it reads
 * the tier's alarms (CloudWatch `DescribeAlarms`), holds while any is in ALARM, re-checks
 * every `checkEvery` up to `maximumHold`, then makes the step's own API call.
 */
export class RampDownGate {
  /** Hold each ramp-down step while the tier's alarms (or the given ones) are in ALARM. */
  public static whileInAlarm(options: RampDownGateOptions = {}): RampDownGate {
    return new RampDownGate(true, options);
  }

  /** No gate: ramp-down steps fire at their time (the default; use it to exempt one tier). */
  public static none(): RampDownGate {
    return new RampDownGate(false, {});
  }

  /** True when steps are gated. */
  public readonly enabled: boolean;
  /** The alarms to read, when not the tier's own composite. */
  public readonly alarms?: cloudwatch.IAlarm[];
  /** How long a held step waits between checks. */
  public readonly checkEvery: Duration;
  /** The longest a step is held. */
  public readonly maximumHold: Duration;
  /** What a step still held after the maximum hold does. */
  public readonly whenHeldTooLong: HeldTooLong;

  private constructor(enabled: boolean, options: RampDownGateOptions) {
    this.enabled = enabled;
    this.alarms = options.alarms;
    this.checkEvery = options.checkEvery ?? Duration.minutes(10);
    this.maximumHold = options.maximumHold ?? Duration.hours(2);
    this.whenHeldTooLong = options.whenHeldTooLong ?? HeldTooLong.APPLY;
    this.problemList = this.validate(options);
  }

  private readonly problemList: string[];

  /**
   * Every rule the gate's options break, worded for an error message.
   * @internal
   */
  public _problems(): string[] {
    return this.problemList;
  }

  private validate(options: RampDownGateOptions): string[] {
    const problems: string[] = [];
    const every = checkDuration(problems, 'rampDownGate.checkEvery', options.checkEvery,
      { minMs: 60_000, maxMs: 3600_000, wholeMinutes: true, allowed: 'from 1 minute to 1 hour' });
    const hold = checkDuration(problems, 'rampDownGate.maximumHold', options.maximumHold,
      { minMs: 60_000, maxMs: 86400_000, wholeMinutes: true, allowed: 'from 1 minute to 24 hours' });
    // Only once both are valid (whole minutes): aws-cdk-lib's conversion of Infinity, NaN or a
    // fraction of a millisecond throws an error that names no prop.
    const checks = every && hold ? durationMs(this.maximumHold) / durationMs(this.checkEvery) : NaN;
    if (every && hold && (checks < 1 || !Number.isInteger(checks))) {
      // A held step is applied (or skipped) at the check that finds the hold used up: a hold that
      // is not a whole number of checks would last longer than maximumHold says.
      problems.push(`rampDownGate.maximumHold (${this.maximumHold.toHumanString()}) must be a whole number of checkEvery `
        + `(${this.checkEvery.toHumanString()}), at least one`);
    } else if (every && hold && checks > MAX_CHECKS) {
      // Each check writes about 18 events to the execution's history, which holds at most 25,000.
      problems.push(`rampDownGate.maximumHold / checkEvery is ${checks} checks; at most ${MAX_CHECKS} fit one execution's `
        + 'history (25,000 events): check less often');
    }
    if (options.whenHeldTooLong !== undefined && !Object.values(HeldTooLong).includes(options.whenHeldTooLong)) {
      problems.push(`rampDownGate.whenHeldTooLong must be HeldTooLong.APPLY or HeldTooLong.SKIP, got '${options.whenHeldTooLong}'`);
    }
    if (options.alarms !== undefined && (!Array.isArray(options.alarms) || options.alarms.length === 0
      || options.alarms.some((a) => typeof a?.alarmName !== 'string'))) {
      problems.push('rampDownGate.alarms must be a non-empty list of CloudWatch alarms');
    }
    return problems;
  }
}
