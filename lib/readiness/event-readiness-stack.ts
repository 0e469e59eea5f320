import { CrossStackReferences, ReferenceStrength, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ITierEventPlan } from '../plans/tier-plan';
import { templateIndentationSuppressed } from './checks';
import { AddTierOptions, EventReadiness, EventReadinessProps } from './event-readiness';

/** Properties of an {@link EventReadinessStack}. */
export interface EventReadinessStackProps extends StackProps, EventReadinessProps {
  /**
   * How this stack consumes the tier stacks' values. STRONG (exports and imports) means a
   * tier resource an event schedules cannot be deleted while the event's stack exists;
   * retire the event first. WEAK (`Fn::GetStackOutput`) removes that protection.
   * @default ReferenceStrength.STRONG
   */
  readonly crossStackReferences?: ReferenceStrength;
}

/**
 * A stack holding one {@link EventReadiness}: the per-event stack. It depends on the
 * tier stacks (through their exports); they never depend on it. Retire an event by
 * deleting this stack first: the tier stacks' exports it uses cannot be removed while
 * it imports them.
 *
 * Its template is written without indentation unless `suppressTemplateIndentation` (or the
 * app's `@aws-cdk/core:suppressTemplateIndentation` context) says otherwise: alarms and the
 * dashboard make it large, and CloudFormation takes 1,000,000 bytes.
 */
export class EventReadinessStack extends Stack {
  /** The readiness construct (id `Readiness`). */
  public readonly readiness: EventReadiness;

  constructor(scope: Construct, id: string, props: EventReadinessStackProps) {
    super(scope, id, { ...props, suppressTemplateIndentation: templateIndentationSuppressed(scope, props) });
    CrossStackReferences.of(this).consume(props.crossStackReferences ?? ReferenceStrength.STRONG);
    this.readiness = new EventReadiness(this, 'Readiness', props);
  }

  /** Adds a tier's plan to the event (with its own ramp-down gate, if given). */
  public addTier(plan: ITierEventPlan, options: AddTierOptions = {}): void {
    this.readiness.addTier(plan, options);
  }
}
