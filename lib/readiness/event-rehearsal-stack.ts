import { CrossStackReferences, ReferenceStrength, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { templateIndentationSuppressed } from './checks';
import { EventRehearsal, EventRehearsalProps } from './event-rehearsal';

/** Properties of an {@link EventRehearsalStack}. */
export interface EventRehearsalStackProps extends StackProps, EventRehearsalProps {}

/**
 * A stack holding one {@link EventRehearsal} (id `Rehearsal`): deploy it to staging beside a
 * copy of the event's tiers, run `event-readiness check` at each step, then destroy it. Its
 * template is written without indentation unless `suppressTemplateIndentation` says otherwise.
 */
export class EventRehearsalStack extends Stack {
  /** The rehearsal. */
  public readonly rehearsal: EventRehearsal;

  constructor(scope: Construct, id: string, props: EventRehearsalStackProps) {
    super(scope, id, { ...props, suppressTemplateIndentation: templateIndentationSuppressed(scope, props) });
    // Like an event's stack: staging tiers it changes cannot be deleted under it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    this.rehearsal = new EventRehearsal(this, 'Rehearsal', props);
  }
}
