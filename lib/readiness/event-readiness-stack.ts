import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EventReadiness, EventReadinessProps } from './event-readiness';
import { ITierEventPlan } from './tier-plan';

/** Properties of an {@link EventReadinessStack}. */
export interface EventReadinessStackProps extends StackProps, EventReadinessProps {}

/**
 * A stack holding one {@link EventReadiness}: the per-event stack. It depends on the
 * tier stacks (through their exports); they never depend on it. Retire an event by
 * deleting this stack first: the tier stacks' exports it uses cannot be removed while
 * it imports them.
 */
export class EventReadinessStack extends Stack {
  /** The readiness construct (id `Readiness`). */
  public readonly readiness: EventReadiness;

  constructor(scope: Construct, id: string, props: EventReadinessStackProps) {
    super(scope, id, props);
    this.readiness = new EventReadiness(this, 'Readiness', props);
  }

  /** Adds a tier's plan to the event. */
  public addTier(plan: ITierEventPlan): void {
    this.readiness.addTier(plan);
  }
}
