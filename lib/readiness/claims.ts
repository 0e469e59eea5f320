import { Duration, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { changeSpan } from '../plans/change-span';
import { ChangeMechanism, ScheduledChange } from '../plans/scheduled-change';
import { ITierEventPlan, TierEventBinding } from '../plans/tier-plan';
import { ValidationError } from '../private/validation-error';
import { isoUtc } from '../private/zoned-time';
import { byScalableTarget, isRegisterCall } from './scalable-targets';

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
    if (other.key !== c.key || other.kind !== c.kind || other.eventName === c.eventName || !sameRegion(other.owner, c.owner)) {
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

/**
 * Whether two owners act in the same Region: resources of one name in two Regions are two
 * resources. An environment-agnostic stack's Region could be any: the same as any other.
 */
function sameRegion(a: IConstruct, b: IConstruct): boolean {
  const [ra, rb] = [Stack.of(a).region, Stack.of(b).region];
  return Token.isUnresolved(ra) || Token.isUnresolved(rb) || ra === rb;
}

/**
 * Claims, app-wide, the time the tier's changes take (from the first to the last one taking
 * effect, and never less than prewarm to baseline) and its scalable targets: another event
 * changing the same tier or target in that time, or another readiness construct registering
 * the same target, is a synth error naming both. `owner`: the readiness construct, or its calendar.
 */
export function claimWhatTheTierChanges(owner: IConstruct, w: EventWindow, maximumEventAge: Duration, plan: ITierEventPlan,
  binding: TierEventBinding, heldUpTo: (c: ScheduledChange) => number): void {
  // A held ramp-down step may apply that much later: the event holds the resource until then.
  const span = (changes: typeof binding.changes) => changeSpan(w, changes, maximumEventAge, heldUpTo);
  if (binding.changes.length > 0) {
    claim({
      owner, eventName: w.name, kind: 'window', key: `tier:${plan.tier.node.path}`,
      label: `tier ${plan.tier.node.path}`, ...span(binding.changes),
    });
  }
  // And by the resource itself, so two tier constructs (or existing-resource wrappers) of one
  // table or database collide too.
  const byResource = new Map<string, typeof binding.changes>();
  for (const c of binding.changes.filter((ch) => ch.options.resource !== undefined)) {
    byResource.set(c.options.resource!, [...(byResource.get(c.options.resource!) ?? []), c]);
  }
  for (const [resource, changes] of byResource) {
    const [service, type] = resource.split(':');
    const label = Token.isUnresolved(resource) ? `the ${service} ${type} of tier ${plan.tier.node.path}` : `${service} ${type} `
      + resource.split(':').slice(2).join(':');
    claim({ owner, eventName: w.name, kind: 'window', key: `resource:${resource}`, label, ...span(changes) });
  }
  // A target another stack registers, updated by the event's calls: its window is the same as if the event registered it,
  // so an event that registers the target and one that updates it collide too.
  const calls = new Map<string, ScheduledChange[]>();
  for (const c of binding.changes.filter(isRegisterCall)) {
    const i = c.universalOptions!.input;
    const key = `${i.ServiceNamespace}|${i.ResourceId}|${i.ScalableDimension}`;
    calls.set(key, [...calls.get(key) ?? [], c]);
  }
  for (const [key, changes] of calls) {
    const label = `the scalable target ${changes[0].universalOptions!.input.ScalableDimension} of tier ${plan.tier.node.path}`;
    claim({ owner, eventName: w.name, kind: 'window', key: `target:${key}`, label, ...span(changes) });
  }
  const autoScaling = binding.changes.filter((c) => c.mechanism === ChangeMechanism.APPLICATION_AUTO_SCALING);
  for (const [key, { target, changes }] of byScalableTarget(autoScaling)) {
    const label = `the scalable target ${target.props.scalableDimension} of tier ${plan.tier.node.path}`;
    claim({ owner, eventName: w.name, kind: 'scalable-target', key, label, from: 0, to: 0 });
    claim({ owner, eventName: w.name, kind: 'window', key: `target:${key}`, label, ...span(changes) });
  }
}
