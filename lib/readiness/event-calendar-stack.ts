import { CrossStackReferences, ReferenceStrength, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { crossStackReferenceStrength, templateIndentationSuppressed } from './checks';
import { CalendarEventProps, EventCalendar, EventCalendarProps } from './event-calendar';
import { EventReadiness } from './event-readiness';

/** Properties of an {@link EventCalendarStack}. */
export interface EventCalendarStackProps extends StackProps, EventCalendarProps {
  /**
   * How this stack consumes the tier stacks' values (see `EventReadinessStackProps`).
   * @default - the app's `@aws-cdk/core:defaultCrossStackReferences` setting; STRONG when the app sets none
   */
  readonly crossStackReferences?: ReferenceStrength;
}

/**
 * A stack holding one {@link EventCalendar} (id `Calendar`): several events on the same tiers,
 * in one stack that depends on the tier stacks and never the other way round. Like an
 * `EventReadinessStack`, its template is written without indentation unless
 * `suppressTemplateIndentation` (or the app's context) says otherwise.
 */
export class EventCalendarStack extends Stack {
  /** The calendar (id `Calendar`). */
  public readonly calendar: EventCalendar;

  constructor(scope: Construct, id: string, props: EventCalendarStackProps = {}) {
    super(scope, id, { ...props, suppressTemplateIndentation: templateIndentationSuppressed(scope, props) });
    // Set before any child exists (a stack's context cannot change after).
    const strength = crossStackReferenceStrength(this, props.crossStackReferences);
    if (strength !== undefined) {
      CrossStackReferences.of(this).consume(strength);
    }
    this.calendar = new EventCalendar(this, 'Calendar', props);
  }

  /** Adds an event to the calendar; returns its readiness construct. */
  public addEvent(props: CalendarEventProps): EventReadiness {
    return this.calendar.addEvent(props);
  }
}
