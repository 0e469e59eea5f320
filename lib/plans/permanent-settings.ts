import { IConstruct } from 'constructs';
import { ValidationError } from '../private/validation-error';

/** A raise of a one-way setting, as an event planned it. */
export interface PermanentRaise {
  /** The value the setting was raised to. */
  readonly value: number;
  /** The event that raised it. */
  readonly eventName: string;
  /** When the raise is sent. */
  readonly at: Date;
}

/** What a plan should do about a one-way setting. */
export interface PermanentRaiseDecision {
  /** True: send the raise. False: the value in force already covers it; send nothing. */
  readonly send: boolean;
  /**
   * The latest raise earlier events of the same owner planned, if any.
   * @default - none: only the resource's own setting is known
   */
  readonly inForce?: PermanentRaise;
}

interface Entry extends PermanentRaise {
  /** Which readiness construct or calendar planned it. */
  readonly owner: IConstruct;
}

/** Every planned raise of the app, by `resource|setting`: a raise outlives the construct that planned it. */
const RAISES = new WeakMap<IConstruct, Map<string, Entry[]>>();

/**
 * What earlier events of the same readiness construct or calendar raised for good (settings
 * AWS never lowers, such as DynamoDB warm throughput). A plan asks it before planning a raise.
 */
export interface IPermanentSettings {
  /**
   * Plans a raise of `setting` of `resource` to `value` at `at` for event `eventName`. When
   * an earlier event's raise in force at `at` is at least `value`, the decision is not to send
   * (the setting is already there, and a lower value would be rejected); otherwise this raise
   * is recorded and the decision is to send it.
   *
   * @param resource what identifies the resource within the app (e.g. the table's ARN)
   * @param setting the setting, e.g. `warm throughput (read units per second)`
   */
  raiseTo(resource: string, setting: string, at: Date, value: number, eventName: string): PermanentRaiseDecision;
}

/**
 * Settings AWS can raise but never lower (DynamoDB warm throughput), as the events of one
 * readiness construct or calendar raise them over time. An event's plan asks what earlier
 * events left in force before it sends a raise: asking to lower such a setting is rejected
 * by AWS, so a smaller later event makes no change and its plan says so.
 *
 * One owner per resource: two readiness constructs that both raise the same setting of the
 * same resource would each believe they know it; that is a synth error pointing to
 * `EventCalendar`, which plans several events in time order.
 */
export class PermanentSettings implements IPermanentSettings {
  /** The ledger of a readiness construct or calendar (`owner`); raises are shared app-wide to find other owners. */
  public static of(owner: IConstruct): PermanentSettings {
    return new PermanentSettings(owner);
  }

  private constructor(private readonly owner: IConstruct) {}

  /** {@inheritDoc IPermanentSettings.raiseTo} */
  public raiseTo(resource: string, setting: string, at: Date, value: number, eventName: string): PermanentRaiseDecision {
    const app = this.owner.node.root;
    const byKey = RAISES.get(app) ?? new Map<string, Entry[]>();
    RAISES.set(app, byKey);
    const key = `${resource}|${setting}`;
    const entries = byKey.get(key) ?? [];
    byKey.set(key, entries);

    const other = entries.find((e) => e.owner !== this.owner);
    if (other) {
      throw new ValidationError(`event '${eventName}' raises ${setting} of a resource that event '${other.eventName}' `
        + `(${other.owner.node.path}) also raises. It can only go up, so each event must know what the earlier ones left: `
        + 'plan both events in one EventCalendar', this.owner);
    }
    const inForce = entries
      .filter((e) => e.at.getTime() < at.getTime())
      .reduce<Entry | undefined>((best, e) => (best === undefined || e.value > best.value ? e : best), undefined);
    const earlier = inForce && { value: inForce.value, eventName: inForce.eventName, at: inForce.at };
    if (earlier !== undefined && earlier.value >= value) {
      return { send: false, inForce: earlier };
    }
    // A later event planned before this one may now ask for less than this raise leaves.
    const overtaken = entries.find((e) => e.at.getTime() > at.getTime() && e.value <= value);
    if (overtaken) {
      throw new ValidationError(`event '${eventName}' raises ${setting} to ${value}, but the later event `
        + `'${overtaken.eventName}' was planned first and raises it to ${overtaken.value}, which would then be a lowering `
        + 'that AWS rejects: add the events in time order (pass them together in `events`)', this.owner);
    }
    entries.push({ value, eventName, at, owner: this.owner });
    return { send: true, inForce: earlier };
  }
}
