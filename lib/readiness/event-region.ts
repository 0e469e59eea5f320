import { CfnOutput, CrossStackReferences, Lazy, ReferenceStrength, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TierAlarm } from '../plans/tier-plan';
import { ValidationError } from '../private/validation-error';
import { CROSS_STACK_REFERENCES_FLAG, crossStackReferenceStrength } from './checks';
import { createDeadLetterAlarm, createDeadLetterQueue, createEventAlarm } from './event-alarms';
import { createAlarmTopic } from './notifications';
import { EventPlanRegion } from './plan-document';
import { schedulerAlarms } from './schedules';

/** What an event's companion in another Region is told. */
export interface EventRegionProps {
  readonly eventName: string;
  readonly region: string;
  readonly alarmEmails: string[];
}

/**
 * What one event has in another Region, in the readiness stack's companion stack there: the
 * Region's schedule group (named after the event), dead-letter queue and its alarm, EventBridge
 * Scheduler's alarms, the tiers' alarms on that Region's metrics, a composite over them and a
 * topic they notify (alarms notify topics of their own Region only). Schedules and roles are in
 * each tier's scope here ({@link tierScope}).
 */
export class EventRegion extends Construct {
  /**
   * The companion stack of `readinessStack` in `region`, in the same app (or stage) and account,
   * created on first use: `<stack name>-<region>`.
   */
  public static companionStack(readinessStack: Stack, region: string): Stack {
    const parent = readinessStack.node.scope;
    const id = `${readinessStack.node.id}-${region}`;
    const existing = parent?.node.tryFindChild(id);
    if (existing) {
      return existing as Stack;
    }
    if (!parent) {
      throw new ValidationError(`EventReadiness: stack ${readinessStack.node.path} has no parent app or stage for its companion `
        + `stack in ${region}`, readinessStack);
    }
    const stack = new Stack(parent, id, {
      stackName: `${readinessStack.stackName}-${region}`,
      description: `The ${region} part of ${readinessStack.stackName}: schedules, alarms and notifications of its events there`,
      env: { region, account: Token.isUnresolved(readinessStack.account) ? undefined : readinessStack.account },
    });
    // It reads the resources given for its Region (from a stack there) as the readiness stack reads the tiers'.
    const own = readinessStack.node.tryGetContext(CROSS_STACK_REFERENCES_FLAG);
    const strength = own !== undefined && own !== parent.node.tryGetContext(CROSS_STACK_REFERENCES_FLAG) ? own as ReferenceStrength
      : crossStackReferenceStrength(stack, undefined);
    if (strength !== undefined) {
      CrossStackReferences.of(stack).consume(strength);
    }
    // Deployed after the readiness stack, so one `cdk deploy --all` brings up the event's own Region first.
    stack.addStackDependency(readinessStack, 'the event\'s own Region is deployed first');
    return stack;
  }

  public readonly region: string;
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly alarmTopic: sns.Topic;
  public readonly healthAlarm: cloudwatch.CompositeAlarm;
  private readonly eventName: string;
  private readonly alarms: cloudwatch.Alarm[] = [];
  private readonly tierScopes = new Map<string, Construct>();
  private readonly notify: cw_actions.SnsAction;

  constructor(scope: Construct, id: string, props: EventRegionProps) {
    super(scope, id);
    const name = props.eventName;
    this.eventName = name;
    this.region = props.region;
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: name,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = createDeadLetterQueue(this);
    this.alarmTopic = createAlarmTopic(this, `${name}-${props.region}`, () => this.alarmNames);
    for (const address of props.alarmEmails) {
      this.alarmTopic.addSubscription(new subs.EmailSubscription(address));
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: `Event '${name}': the topic of its alarms in ${props.region}`,
    });
    this.notify = new cw_actions.SnsAction(this.alarmTopic);
    this.watch(createDeadLetterAlarm(this, name, this.deadLetterQueue, props.region));
    for (const alarm of schedulerAlarms(this, this.scheduleGroup, name, props.region)) {
      this.watch(alarm);
    }
    this.healthAlarm = new cloudwatch.CompositeAlarm(this, 'HealthAlarm', {
      compositeAlarmName: `${name}-${props.region}-health`,
      alarmDescription: `Event '${name}' in ${props.region}: in ALARM when any of its alarms there is. It notifies no one `
        + 'itself: each alarm it watches notifies once.',
      alarmRule: cloudwatch.AlarmRule.fromString(Lazy.string({
        produce: () => cloudwatch.AlarmRule.anyOf(...this.alarms).renderAlarmRule(),
      })),
    });
  }

  /** A tier's scope in this Region: its schedules, role and alarms here. */
  public tierScope(tier: string): Construct {
    let scope = this.tierScopes.get(tier);
    if (!scope) {
      scope = new Construct(this, tier);
      this.tierScopes.set(tier, scope);
    }
    return scope;
  }

  /** A tier's alarm on a metric of this Region, named `<event>-<tier>-<id>`; it notifies this Region's topic. */
  public addTierAlarm(tier: string, spec: TierAlarm): string {
    const name = `${this.eventName}-${tier}-${spec.id}`;
    const alarm = createEventAlarm(this.tierScope(tier), name, spec);
    this.watch(alarm);
    alarm.addOkAction(this.notify);
    return name;
  }

  /** Names of every alarm of the event in this Region. */
  public get alarmNames(): string[] {
    return this.alarms.map((a) => (a.node.defaultChild as cloudwatch.CfnAlarm).alarmName!);
  }

  /** What the plan document records of this Region. */
  public get record(): EventPlanRegion {
    return {
      region: this.region,
      stackName: Stack.of(this).stackName,
      scheduleGroup: this.eventName,
      alarmNames: this.alarmNames,
      healthAlarmName: `${this.eventName}-${this.region}-health`,
    };
  }

  private watch(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.notify);
    this.alarms.push(alarm);
  }
}
