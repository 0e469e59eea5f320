import { Duration, Token } from 'aws-cdk-lib';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { TimelineStep } from '../event/timeline-step';
import { checkDuration, LEAD_TIME } from '../private/validate';
import { ValidationError } from '../private/validation-error';

/** Whether a change adds capacity (must be done by the event's start) or removes it. */
export enum ChangeDirection {
  /** Adds capacity; it must have taken effect by the event's start. */
  SCALE_UP = 'SCALE_UP',
  /** Removes capacity, after the event. */
  SCALE_DOWN = 'SCALE_DOWN',
}

/** How a scheduled change is carried out. */
export enum ChangeMechanism {
  /** An EventBridge Scheduler one-time schedule with a universal (AWS SDK) target. */
  SCHEDULER_UNIVERSAL_TARGET = 'SCHEDULER_UNIVERSAL_TARGET',
  /** An Application Auto Scaling scheduled action on a scalable target. */
  APPLICATION_AUTO_SCALING = 'APPLICATION_AUTO_SCALING',
}

/** What every scheduled change states, whatever carries it out. */
export interface ScheduledChangeOptions {
  /** The timeline step the change belongs to. */
  readonly step: TimelineStep;
  /**
   * Fire this long after the step, to order changes of one resource that must not overlap
   * (e.g. replicas after an instance-class change). Whole minutes.
   * @default Duration.minutes(0)
   */
  readonly delay?: Duration;
  /** What is changed, in an operator's words, e.g. `provisioned concurrency (live alias)`. */
  readonly setting: string;
  /**
   * The resource the change acts on, e.g. `writer instance`. Two changes of one subject
   * must be spaced at least the first one's lead time apart.
   * @default - the `setting`
   */
  readonly subject?: string;
  /**
   * What identifies the changed resource across the app, as `<service>:<type>:<name>` (e.g.
   * `dynamodb:table:orders`): two events may not change one resource in overlapping windows,
   * whichever tier construct (or existing-resource wrapper) plans them.
   * @default - the resource is known only by its tier
   */
  readonly resource?: string;
  /**
   * The Region the change is made in, when it is another than the readiness construct's (event
   * replicas in another Region): its schedule, role and dead-letter queue are then in the readiness
   * construct's companion stack in that Region. Scheduler universal targets only.
   * @default - the readiness construct's Region
   */
  readonly region?: string;
  /** The setting before the change, as an operator reads it, e.g. `10`, `db.r6g.2xlarge`. */
  readonly before: string;
  /** The setting after the change. */
  readonly after: string;
  /**
   * The setting after the change as a number, for charts (capacity over time).
   * @default - none: the change is not charted
   */
  readonly afterValue?: number;
  /**
   * The setting before the change as a number, where `before` is not one.
   * @default - `before` read as a number
   */
  readonly beforeValue?: number;
  /** Scale-up (needed by the event's start) or scale-down. */
  readonly direction: ChangeDirection;
  /** Worst-case time from the schedule firing until the change has taken effect. */
  readonly leadTime: Duration;
}

/** A change made by an EventBridge Scheduler universal target (`aws-sdk:<service>:<action>`). */
export interface UniversalChangeOptions extends ScheduledChangeOptions {
  /** The AWS SDK service, lowercase, e.g. `rds`. */
  readonly service: string;
  /** The API action in camelCase, e.g. `modifyDBCluster`. */
  readonly action: string;
  /**
   * The request, in the AWS SDK's member casing (`DbClusterIdentifier`, not
   * `DBClusterIdentifier`): the universal target passes it to the SDK as it is.
   */
  readonly input: { [key: string]: any };
  /**
   * The permissions the change needs, scoped to the exact resources it changes.
   * A statement with `Resource: *` is rejected.
   */
  readonly policyStatements: PolicyStatement[];
}

/**
 * A scalable target registered by another stack (a team's own scaling: target tracking on an
 * alias's provisioned concurrency or a cluster's readers): its everyday bounds, which the event
 * restores at baseline.
 */
export interface ExistingScalableTarget {
  /** Its minimum capacity outside the event. */
  readonly minCapacity: number;
  /** Its maximum capacity outside the event. */
  readonly maxCapacity: number;
}

/** Properties of an {@link AutoScalingTarget}. */
export interface AutoScalingTargetProps {
  /** A short id, unique within the tier, e.g. `provisioned-concurrency`. */
  readonly id: string;
  /** The service that owns the scalable resource. */
  readonly serviceNamespace: ServiceNamespace;
  /** The scalable resource, e.g. `function:my-fn:live` or `cluster:my-cluster`. */
  readonly resourceId: string;
  /** The dimension, e.g. `lambda:function:ProvisionedConcurrency`. */
  readonly scalableDimension: string;
  /** The minimum capacity outside the event. */
  readonly baselineMinCapacity: number;
  /** The maximum capacity outside the event. */
  readonly baselineMaxCapacity: number;
  /**
   * The name of the Application Auto Scaling service-linked role for this service, e.g.
   * `lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`.
   * Application Auto Scaling creates it on first use.
   */
  readonly serviceLinkedRole: string;
  /**
   * Set when another stack registered the target (with scaling policies of its own): the event
   * then never registers nor deregisters it. Each change updates its minimum (and, where the
   * minimum would exceed it, its maximum) with RegisterScalableTarget through EventBridge
   * Scheduler, which keeps its policies, and the baseline restores these bounds.
   * @default - the event's readiness stack registers the target and owns it for the event
   */
  readonly registeredElsewhere?: ExistingScalableTarget;
}

/** An Application Auto Scaling scalable target that a tier's scheduled actions act on. */
export class AutoScalingTarget {
  /** Its id within the tier. */
  public readonly id: string;
  /** Its properties. */
  public readonly props: AutoScalingTargetProps;

  constructor(props: AutoScalingTargetProps) {
    this.id = props.id;
    this.props = props;
  }
}

/** A change made by an Application Auto Scaling scheduled action. */
export interface AutoScalingChangeOptions extends ScheduledChangeOptions {
  /** The scalable target the action changes. */
  readonly target: AutoScalingTarget;
  /** The minimum capacity from this step on. */
  readonly minCapacity: number;
  /** The maximum capacity from this step on. */
  readonly maxCapacity: number;
}

/**
 * One capacity change on an event's timeline, as a tier plans it. The readiness
 * construct turns it into a schedule or a scheduled action, checks its lead time
 * and records it in the event plan.
 */
export class ScheduledChange {
  /** A change made by an EventBridge Scheduler one-time schedule with a universal target. */
  public static universal(options: UniversalChangeOptions): ScheduledChange {
    return new ScheduledChange(ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET, options, options, undefined);
  }

  /** A change made by an Application Auto Scaling scheduled action. */
  public static autoScaling(options: AutoScalingChangeOptions): ScheduledChange {
    return new ScheduledChange(ChangeMechanism.APPLICATION_AUTO_SCALING, options, undefined, options);
  }

  /** How the change is carried out. */
  public readonly mechanism: ChangeMechanism;
  /** What every change states. */
  public readonly options: ScheduledChangeOptions;
  /** Set for {@link ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET}. */
  public readonly universalOptions?: UniversalChangeOptions;
  /** Set for {@link ChangeMechanism.APPLICATION_AUTO_SCALING}. */
  public readonly autoScalingOptions?: AutoScalingChangeOptions;

  private constructor(mechanism: ChangeMechanism, options: ScheduledChangeOptions,
    universal: UniversalChangeOptions | undefined, autoScaling: AutoScalingChangeOptions | undefined) {
    // A plan of the user's own may pass any Duration: checked here, before anything converts it.
    const problems: string[] = [];
    checkDuration(problems, 'delay', options.delay, { minMs: 0, maxMs: 90 * 86400_000, wholeMinutes: true, allowed: 'from 0 to 90 days' });
    if (options.leadTime === undefined) {
      problems.push('leadTime is required: the worst-case time the change takes to take effect');
    }
    checkDuration(problems, 'leadTime', options.leadTime, LEAD_TIME);
    if (options.region !== undefined) {
      if (mechanism !== ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET) {
        problems.push('region is for Scheduler universal-target changes only (a scalable target is registered in the event\'s own Region)');
      } else if (typeof options.region !== 'string' || Token.isUnresolved(options.region) || !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(options.region)) {
        problems.push(`region must be an AWS Region's name known at synth, such as 'eu-west-1', got '${String(options.region)}'`);
      }
    }
    ValidationError.throwIfAny(`ScheduledChange '${options.setting}' at ${options.step?.id}`, problems);
    this.mechanism = mechanism;
    this.options = options;
    this.universalOptions = universal;
    this.autoScalingOptions = autoScaling;
  }

  /** The subject two changes must not modify too close together. */
  public get subject(): string {
    return this.options.subject ?? this.options.setting;
  }

  /** When the change fires: its step plus its delay. */
  public get fireAt(): Date {
    return new Date(this.options.step.instant.getTime() + (this.options.delay?.toMilliseconds() ?? 0));
  }

  /**
   * When the change has surely taken effect: its lead time after it fires, and for a Scheduler
   * change `maximumEventAge` more (EventBridge Scheduler may retry it that late).
   */
  public settledAt(maximumEventAge: Duration): Date {
    const late = this.mechanism === ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET ? maximumEventAge.toMilliseconds() : 0;
    return new Date(this.fireAt.getTime() + this.options.leadTime.toMilliseconds() + late);
  }

  /** Its step, with the delay if any: `prewarm`, `prewarm+45m`. */
  public get when(): string {
    const ms = this.options.delay?.toMilliseconds() ?? 0;
    if (ms === 0) {
      return this.options.step.id;
    }
    return ms % 60000 === 0 ? `${this.options.step.id}+${ms / 60000}m` : `${this.options.step.id}+${ms / 1000}s`;
  }
}
