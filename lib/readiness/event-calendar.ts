import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { PermanentSettings } from '../plans/permanent-settings';
import { ITierEventPlan } from '../plans/tier-plan';
import { ValidationError } from '../private/validation-error';
import { CALENDAR_MEMBERSHIP, CalendarMembership } from './calendar-membership';
import { emailProblems, resolveNow, stackResourceProblems } from './checks';
import { EventReadiness, EventReadinessOptions } from './event-readiness';
import { createCalendarAlarmTopic } from './notifications';
import { RampDownGate } from './ramp-down-gate';
import { SharedScalableTargets } from './shared-scalable-targets';

/** One event of an {@link EventCalendar}. */
export interface CalendarEventProps {
  /** The event's window; its name names the event's construct, schedule group, alarms and dashboard. */
  readonly window: EventWindow;
  /**
   * The tiers' plans for this event (`tier.forEvent({...})`). More can be added with the
   * event's `addTier`.
   * @default - none
   */
  readonly tiers?: ITierEventPlan[];
  /**
   * This event's ramp-down gate, instead of the calendar's.
   * @default - the calendar's `rampDownGate`
   */
  readonly rampDownGate?: RampDownGate;
}

/** Properties of an {@link EventCalendar}: the options apply to every event. */
export interface EventCalendarProps extends EventReadinessOptions {
  /**
   * The events, in any order: they are planned in time order (by prewarm), so each event knows
   * what the earlier ones left behind. More can be added with `addEvent`.
   * @default - none
   */
  readonly events?: CalendarEventProps[];
}

/**
 * Several traffic events on the same tiers, planned in one place: each event gets what an
 * {@link EventReadiness} builds (its own schedule group, dead-letter queue, alarms, composite
 * alarm, dashboard and plan in the metadata), while what the events share is owned once:
 *
 * - each Application Auto Scaling scalable target (an alias's provisioned concurrency, an
 *   Aurora cluster's reader count) is registered once, with every event's scheduled actions
 *   (`<event>-<step>`), at the capacity in force now across all events;
 * - settings that only go up (DynamoDB warm throughput) are planned in time order: a later,
 *   smaller event sends nothing and its plan says so;
 * - one alarm topic (one subscription to confirm per address), allowed to every event's alarms.
 *
 * Two events that change the same tier in overlapping windows (prewarm to baseline, with
 * every change's lead time) are a synth error. Each event's construct has the event's name
 * as its id, so adding, re-dating or retiring an event never changes another event's
 * resources; shared scalable targets are named after their tier, never after an event.
 */
export class EventCalendar extends Construct {
  /** Where every event's alarm notifications go. */
  public readonly alarmTopic: sns.ITopic;
  /** The instant steps are judged past or future against, for every event. */
  public readonly now: Date;

  private readonly props: EventCalendarProps;
  private readonly membership: CalendarMembership;
  private readonly readinesses: EventReadiness[] = [];

  constructor(scope: Construct, id: string, props: EventCalendarProps = {}) {
    super(scope, id);
    this.props = props;
    const problems: string[] = emailProblems(props.alarmEmails);
    this.now = resolveNow(this, props.now, problems);
    const events = props.events ?? [];
    events.forEach((e, i) => {
      if (!(e?.window instanceof EventWindow)) {
        problems.push(`events[${i}].window must be an EventWindow, got ${String(e?.window)}`);
      }
    });
    ValidationError.throwIfAny('EventCalendar', problems, this);

    this.alarmTopic = props.alarmTopic ?? createCalendarAlarmTopic(this, () => this.readinesses.flatMap((r) => r.notifyingAlarmNames));
    for (const address of props.alarmEmails ?? []) {
      this.alarmTopic.addSubscription(new subs.EmailSubscription(address));
    }
    this.membership = {
      calendar: this,
      scalableTargets: new SharedScalableTargets(new Construct(this, 'ScalableTargets'), this.now),
      permanentSettings: PermanentSettings.of(this),
      topicPolicyHandled: props.alarmTopic === undefined,
      alarmEmails: props.alarmEmails ?? [],
    };

    // In time order, so each event's plan knows what the earlier ones raised for good.
    const ordered = [...events].sort(byPrewarm);
    for (const e of ordered) {
      this.addEvent(e);
    }
    this.node.addValidation({
      validate: () => (this.readinesses.length === 0
        ? ['EventCalendar has no events: give `events` or call addEvent(...)']
        : stackResourceProblems(this, `The calendar has ${this.readinesses.length} events: retire the events that have passed `
          + '(see docs/calendar.md in the project repository); events that share no tier can go to calendars in other stacks')),
    });
  }

  /** The calendar's events, in time order (by prewarm). */
  public get events(): EventReadiness[] {
    return [...this.readinesses].sort(byPrewarm);
  }

  /**
   * Adds an event; returns its readiness construct (id: the event's name). Add events in time
   * order when a later event's plan depends on an earlier one (warm throughput): adding an
   * earlier event that raises a setting a later one already planned is an error.
   */
  public addEvent(props: CalendarEventProps): EventReadiness {
    if (!(props?.window instanceof EventWindow)) {
      throw new ValidationError(`EventCalendar.addEvent: window must be an EventWindow, got ${String(props?.window)}`, this);
    }
    const name = props.window.name;
    if (this.readinesses.some((r) => r.window.name === name)) {
      throw new ValidationError(`EventCalendar.addEvent: the calendar already has an event named '${name}'; `
        + 'each event needs its own name (it names the event\'s schedule group, alarms and dashboard). Its events: '
        + this.events.map((r) => r.window.name).join(', '), this);
    }
    const p = this.props;
    // Membership is handed over only here: a readiness construct created in the calendar's scope
    // any other way is not one of its events (the topic's policies would not list its alarms).
    CALENDAR_MEMBERSHIP.set(this, this.membership);
    let readiness: EventReadiness;
    try {
      readiness = new EventReadiness(this, props.window.name, {
        window: props.window,
        alarmTopic: this.alarmTopic,
        retryAttempts: p.retryAttempts,
        maximumEventAge: p.maximumEventAge,
        leadTimeMargin: p.leadTimeMargin,
        now: this.now,
        rampDownGate: props.rampDownGate ?? p.rampDownGate,
      });
    } finally {
      CALENDAR_MEMBERSHIP.delete(this);
    }
    this.readinesses.push(readiness);
    for (const plan of props.tiers ?? []) {
      readiness.addTier(plan);
    }
    return readiness;
  }

  /** The event of this name. */
  public eventNamed(name: string): EventReadiness {
    const found = this.readinesses.find((r) => r.window.name === name);
    if (!found) {
      throw new ValidationError(`EventCalendar has no event '${name}'; its events: `
        + (this.events.map((r) => r.window.name).join(', ') || 'none'), this);
    }
    return found;
  }
}

/** Events in time order: by their window's prewarm. */
function byPrewarm(a: { readonly window: EventWindow }, b: { readonly window: EventWindow }): number {
  return a.window.prewarm.instant.getTime() - b.window.prewarm.instant.getTime();
}
