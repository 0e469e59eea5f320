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
import { warn } from '../private/warnings';
import { CROSS_STACK_REFERENCES_FLAG, crossStackReferenceStrength, stackResourceProblems } from './checks';
import { createDeadLetterAlarm, createDeadLetterQueue, createEventAlarm } from './event-alarms';
import { createAlarmTopic } from './notifications';
import { EventPlanRegion } from './plan-document';
import { schedulerAlarms } from './schedules';

/** The companion stacks each readiness stack has, by Region. */
const COMPANIONS = new WeakMap<Stack, Map<string, Stack>>();

/** What an event's companion in another Region is told. */
export interface EventRegionProps {
  readonly eventName: string;
  readonly region: string;
  readonly alarmEmails: string[];
  /** The event notifies a topic it was given (in its own Region): this Region's topic is another one. */
  readonly givenTopic: boolean;
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
    const ours = COMPANIONS.get(readinessStack) ?? new Map<string, Stack>();
    COMPANIONS.set(readinessStack, ours);
    const existing = ours.get(region);
    if (existing) {
      return existing;
    }
    const parent = readinessStack.node.scope;
    const id = `${readinessStack.node.id}-${region}`;
    if (!parent) {
      throw new ValidationError(`EventReadiness: stack ${readinessStack.node.path} has no parent app or stage for its companion `
        + `stack in ${region}`, readinessStack);
    }
    const taken = parent.node.tryFindChild(id);
    if (taken) {
      throw new ValidationError(`EventReadiness: the companion stack of ${readinessStack.node.path} in ${region} is '${id}', but `
        + `${taken.node.path} already has that id; rename that construct or the readiness stack`, readinessStack);
    }
    const stack = new Stack(parent, id, {
      stackName: `${readinessStack.stackName}-${region}`,
      description: `The ${region} part of ${readinessStack.stackName}: schedules, alarms and notifications of its events there`,
      env: { region, account: Token.isUnresolved(readinessStack.account) ? undefined : readinessStack.account },
      // What the readiness stack was given as a stack: its tags (Tags.of(app) reaches both anyway) and protection.
      tags: readinessStack.tags.tagValues(),
      terminationProtection: readinessStack.terminationProtection,
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
    // A stack name is unique in its account and Region: another readiness stack of the same name in
    // another Region would make a companion of the same name here, and the two would overwrite each other.
    stack.node.addValidation({
      validate: () => [...parent.node.children.filter((c): c is Stack => Stack.isStack(c) && c !== stack
        && c.stackName === stack.stackName && (c.region === region || Token.isUnresolved(c.region)))
        .map((c) => `companion stack ${stack.node.path} in ${region} is named ${stack.stackName}, as is stack ${c.node.path} there: `
          + 'give the readiness stacks different stack names'),
      ...stackResourceProblems(stack, `It holds the ${region} part of the events of ${readinessStack.node.path}: plan fewer `
        + 'replicas there, or split the events across readiness stacks')],
    });
    ours.set(region, stack);
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
    if (props.givenTopic && props.alarmEmails.length === 0) {
      warn(this, 'regional-alarm-topic', `Event '${name}' notifies the alarm topic it was given, but its alarms in ${props.region} `
        + 'notify a topic there (alarms notify topics of their own Region only), which has no subscription: give the event '
        + 'alarmEmails, or subscribe to the topic '
        + `(output AlarmTopicArn of stack ${Stack.of(this).stackName}).`);
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
