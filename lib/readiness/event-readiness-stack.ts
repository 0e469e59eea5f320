import { CrossStackReferences, ReferenceStrength, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ITierEventPlan } from '../plans/tier-plan';
import { crossStackReferenceStrength, templateIndentationSuppressed } from './checks';
import { AddTierOptions, EventReadiness, EventReadinessProps } from './event-readiness';

/** Properties of an {@link EventReadinessStack}. */
export interface EventReadinessStackProps extends StackProps, EventReadinessProps {
  /**
   * How this stack consumes the tier stacks' values. STRONG (exports and imports) means a
   * tier resource an event schedules cannot be deleted while the event's stack exists, but
   * every value it reads (a security group's id too) stays pinned as an export of the tier
   * stack until the event is retired. WEAK (`Fn::GetStackOutput`) pins nothing and protects
   * nothing: a scale-up aimed at a deleted resource fails at its time, into the dead-letter
   * queue and its alarm.
   * @default - the app's `@aws-cdk/core:defaultCrossStackReferences` setting (`cdk init`
   * writes "weak"); STRONG when the app sets none
   */
  readonly crossStackReferences?: ReferenceStrength;
}

/**
 * A stack holding one {@link EventReadiness}: the per-event stack. It depends on the
 * tier stacks; they never depend on it. Retire an event by deleting this stack first: with
 * strong references, the tier stacks' exports it uses cannot be removed while it imports them.
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
    // Set before any child exists (a stack's context cannot change after).
    const strength = crossStackReferenceStrength(this, props.crossStackReferences);
    if (strength !== undefined) {
      CrossStackReferences.of(this).consume(strength);
    }
    this.readiness = new EventReadiness(this, 'Readiness', props);
  }

  /** Adds a tier's plan to the event (with its own ramp-down gate, if given). */
  public addTier(plan: ITierEventPlan, options: AddTierOptions = {}): void {
    this.readiness.addTier(plan, options);
  }
}
