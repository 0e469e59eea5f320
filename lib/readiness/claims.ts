import { IConstruct } from 'constructs';
import { ValidationError } from '../private/validation-error';
import { isoUtc } from '../private/zoned-time';

/** What a readiness construct (or calendar) takes hold of when it plans an event. */
export interface Claim {
  /** The readiness construct, or the calendar its event belongs to: the owner of its scalable targets. */
  readonly owner: IConstruct;
  readonly eventName: string;
  /**
   * `scalable-target`: an Application Auto Scaling target (one owner, whatever the time);
   * `window`: the time an event changes a tier or target, which no other event may share.
   */
  readonly kind: 'scalable-target' | 'window';
  /** What is claimed, app-wide. */
  readonly key: string;
  /** The claimed thing in an operator's words, for messages. */
  readonly label: string;
  /** For windows: from this instant (ms) … */
  readonly from: number;
  /** … to this one (ms). */
  readonly to: number;
}

const CLAIMS = new WeakMap<IConstruct, Claim[]>();

/**
 * Records what an event takes hold of, and throws when it collides with another event of the
 * app: a scalable target managed by two readiness constructs, or two events changing the same
 * tier (or target) in windows that overlap.
 */
export function claim(c: Claim): void {
  const app = c.owner.node.root;
  const all = CLAIMS.get(app) ?? [];
  CLAIMS.set(app, all);
  for (const other of all) {
    if (other.key !== c.key || other.kind !== c.kind || other.eventName === c.eventName) {
      continue;
    }
    const elsewhere = other.owner !== c.owner;
    if (c.kind === 'scalable-target' && elsewhere) {
      throw new ValidationError(`event '${c.eventName}' and event '${other.eventName}' (${other.owner.node.path}) `
        + `would both register ${c.label}. A scalable target has one owner: the second deploy overwrites the first's `
        + 'scheduled actions, and deleting either stack deregisters it for both. Plan the events in one EventCalendar, '
        + 'which registers each scalable target once and merges the events\' scheduled actions', c.owner);
    }
    if (c.kind === 'window' && c.from < other.to && other.from < c.to) {
      const span = (x: Claim) => `${isoUtc(new Date(x.from))} to ${isoUtc(new Date(x.to))}`;
      throw new ValidationError(`events '${other.eventName}' and '${c.eventName}' both change ${c.label} in windows that `
        + `overlap ('${other.eventName}' ${span(other)}, '${c.eventName}' ${span(c)}; prewarm to baseline, with every `
        + 'change\'s lead time)'
        + (elsewhere
          ? `, and they are planned by different readiness constructs (${other.owner.node.path} and ${c.owner.node.path}) `
            + 'that cannot see each other\'s changes: plan them in one EventCalendar, with windows that do not overlap'
          : ': move one event, or plan them as one event whose EventWindow covers both'), c.owner);
    }
  }
  all.push(c);
}
