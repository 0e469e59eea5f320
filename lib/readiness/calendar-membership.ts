import { IConstruct } from 'constructs';
import { PermanentSettings } from '../plans/permanent-settings';
import { SharedScalableTargets } from './shared-scalable-targets';

/** What an event of a calendar shares with the calendar's other events. */
export interface CalendarMembership {
  /** The calendar: the owner of the events' scalable targets and one-way settings. */
  readonly calendar: IConstruct;
  /** Registers each scalable target once and merges the events' scheduled actions. */
  readonly scalableTargets: SharedScalableTargets;
  /** What earlier events of the calendar raised for good. */
  readonly permanentSettings: PermanentSettings;
  /** The calendar's alarm topic's policies already allow every event's alarms. */
  readonly topicPolicyHandled: boolean;
  /** The calendar's e-mail subscribers: an event's topics in other Regions get them too. */
  readonly alarmEmails: string[];
}

/**
 * Calendars by their construct, set only while `EventCalendar.addEvent` creates an event: the
 * `EventReadiness` created then is one of its events (how the calendar hands it what the events
 * share, without public API).
 */
export const CALENDAR_MEMBERSHIP = new WeakMap<IConstruct, CalendarMembership>();
