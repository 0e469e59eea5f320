import { Lazy, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { AutoScalingTarget, ScheduledChange } from '../plans/scheduled-change';
import { ValidationError } from '../private/validation-error';
import { byScalableTarget, capacityInForce, Gating, NO_GATING, newScalableTarget, scheduleActions } from './scalable-targets';

/** Application Auto Scaling allows this many scheduled actions per scalable target (not adjustable). */
const MAX_SCHEDULED_ACTIONS = 200;

interface SharedTarget {
  readonly target: AutoScalingTarget;
  /** Which tier it belongs to, for messages. */
  readonly tierPath: string;
  /** Scheduled actions still to come, every event's. */
  actions: number;
  readonly scalable: appscaling.ScalableTarget;
  readonly firstEvent: string;
  /** Every event's changes of the target (past ones too: they decide the capacity in force). */
  readonly changes: ScheduledChange[];
}

/**
 * The scalable targets of a calendar: each registered once, in the calendar's scope (its id
 * comes from the tier, never from an event, so retiring an event keeps it), at the capacity in
 * force at `now` across every event, with every event's scheduled actions (named
 * `<event>-<step>`).
 */
export class SharedScalableTargets {
  private readonly targets = new Map<string, SharedTarget>();
  /** When each change is surely in force (a gated one: once its hold is over). */
  private readonly inForceFrom = new Map<ScheduledChange, number>();

  constructor(private readonly scope: Construct, private readonly now: Date) {
    scope.node.addValidation({
      validate: () => [...this.targets.values()]
        .filter((t) => t.actions > MAX_SCHEDULED_ACTIONS)
        .map((t) => `the scalable target ${t.target.props.scalableDimension} of tier ${t.tierPath} would hold ${t.actions} `
          + `scheduled actions of the calendar's events; Application Auto Scaling allows ${MAX_SCHEDULED_ACTIONS} per `
          + 'target (not adjustable). Retire the events that have passed, or plan fewer ramp-down steps'),
    });
  }

  /**
   * Adds an event's changes of one tier (`tierPath` names its targets; `gated` ramp-down steps get
   * no scheduled action: the tier's gate applies them); returns the targets they use, by key.
   */
  public add(eventName: string, window: EventWindow, tierPath: string, changes: ScheduledChange[],
    gating: Gating = NO_GATING): Map<string, appscaling.ScalableTarget> {
    const groups = byScalableTarget(changes);
    const used = new Map<string, appscaling.ScalableTarget>();
    for (const [key, { target, changes: list }] of groups) {
      let shared = this.targets.get(key);
      if (shared === undefined) {
        const p = target.props;
        const id = `${tierPath.replace(/\//g, '-')}-${target.id}`;
        const all: ScheduledChange[] = [];
        const inForce = () => capacityInForce(all, this.now, (c) => this.inForceFrom.get(c) ?? c.fireAt.getTime());
        const scalable = newScalableTarget(this.scope, id, p,
          Lazy.number({ produce: () => inForce()?.min ?? p.baselineMinCapacity }),
          Lazy.number({ produce: () => inForce()?.max ?? p.baselineMaxCapacity }));
        shared = { target, tierPath, actions: 0, scalable, firstEvent: eventName, changes: all };
        this.targets.set(key, shared);
      } else {
        const a = shared.target.props;
        const b = target.props;
        if (a.baselineMinCapacity !== b.baselineMinCapacity || a.baselineMaxCapacity !== b.baselineMaxCapacity) {
          const of = Token.isUnresolved(b.resourceId) ? `tier ${tierPath}` : b.resourceId;
          throw new ValidationError(`event '${eventName}' plans ${b.scalableDimension} of ${of} back to `
            + `${range(b.baselineMinCapacity, b.baselineMaxCapacity)} outside the event, but event '${shared.firstEvent}' `
            + `plans ${range(a.baselineMinCapacity, a.baselineMaxCapacity)}: the everyday capacity of a scalable target is `
            + 'one, whatever the event; give every event the same baseline', this.scope);
        }
      }
      shared.changes.push(...list);
      list.forEach((c) => this.inForceFrom.set(c, gating.inForceFrom(c)));
      shared.actions += scheduleActions(shared.scalable, window, this.now, list, `${eventName}-`, gating.gated);
      used.set(key, shared.scalable);
    }
    return used;
  }
}

function range(min: number, max: number): string {
  return min === max ? `${min}` : `${min}-${max}`;
}
