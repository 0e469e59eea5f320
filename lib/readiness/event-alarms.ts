import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TierAlarm, TierEventBinding } from '../plans/tier-plan';
import { emitOnlyWhatIsRead } from '../private/in-force';
import { literalOf } from '../private/literals';
import { RampDownGate } from './ramp-down-gate';

/** The event's dead-letter queue: where a capacity change that could not be applied goes. */
export function createDeadLetterQueue(scope: Construct): sqs.Queue {
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    // What SQS does when no policy is set, written out: it marks the queue as a dead-letter
    // queue for AWS Control Tower (CT.SQS.PR.1).
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the event\'s schedules; a message in it raises '
      + 'the event\'s dead-letter alarm. A dead-letter queue for it would never be read.',
  });
  return queue;
}

/** In ALARM while a failed change waits in the event's dead-letter queue (of its companion stack in `region`). */
export function createDeadLetterAlarm(scope: Construct, eventName: string, queue: sqs.Queue, region?: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmName: `${eventName}${region ? `-${region}` : ''}-scheduled-change-failed`,
    alarmDescription: `A scheduled capacity change of event '${eventName}'${region ? ` in ${region}` : ''} failed and is in the dead-letter queue: `
      + 'read the message, apply the change by hand if still needed, then purge the queue.',
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** A plan's alarm, as the plan specifies it, under the given name. */
export function createEventAlarm(scope: Construct, alarmName: string, spec: TierAlarm): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, `Alarm-${spec.id}`, {
    alarmName,
    alarmDescription: spec.description,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparisonOperator,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  emitOnlyWhatIsRead(alarm);
  return alarm;
}

/**
 * The alarms a tier's gate reads (literal names: the state machine asks for them by name): the
 * gate's own, or the tier's composite. What is wrong with them goes to `problems`.
 */
export function gateAlarmNames(scope: Construct, eventName: string, tier: string, gate: RampDownGate, binding: TierEventBinding,
  problems: string[]): string[] {
  const problem = (text: string) => {
    problems.push(text);
    return [];
  };
  if (gate.alarms) {
    const names = gate.alarms.map((a) => ({ alarm: a, name: alarmNameOf(a) }));
    const unknown = names.filter((n) => n.name === undefined);
    if (unknown.length > 0) {
      return problem(`rampDownGate.alarms: the names of ${unknown.map((n) => n.alarm.node.path).join(', ')} are not known at `
        + 'synth time; give each alarm an alarmName');
    }
    if (names.length > 100) {
      return problem(`rampDownGate.alarms has ${names.length} alarms; CloudWatch DescribeAlarms reads at most 100 by name`);
    }
    // The state machine reads alarms in its own account and Region: one elsewhere would never be found (never hot).
    const own = Stack.of(scope);
    const where = (alarm: cloudwatch.IAlarm) => {
      // an alarm imported by ARN names its account and Region there
      const arn = Token.isUnresolved(alarm.alarmArn) ? undefined : /^arn:[^:]+:cloudwatch:([^:]+):([^:]+):/.exec(alarm.alarmArn);
      return { region: arn?.[1] ?? alarm.env.region, account: arn?.[2] ?? alarm.env.account };
    };
    const elsewhere = names.filter((n) => (['account', 'region'] as const).some((k) => !Token.isUnresolved(own[k])
      && !Token.isUnresolved(where(n.alarm)[k]) && where(n.alarm)[k] !== own[k]));
    if (elsewhere.length > 0) {
      return problem(`rampDownGate.alarms: ${elsewhere.map((n) => `${n.name} (${where(n.alarm).account}, ${where(n.alarm).region})`)
        .join(', ')} is not in the event's account and Region (${own.account}, ${own.region}), where the gate reads alarms`);
    }
    return names.map((n) => n.name!);
  }
  // The tier's composite exists when it has alarms of its own in the event's Region (account-wide
  // ones are the event's; those of other Regions are in its companion stacks).
  const here = Stack.of(scope).region;
  return (binding.alarms ?? []).some((a) => !a.accountWide && (a.region === undefined || a.region === here))
    ? [`${eventName}-${tier}-health`]
    : problem('rampDownGate: the tier has no alarms, so no composite alarm to hold its ramp-down steps on; give rampDownGate.alarms');
}

/** An alarm's name when known at synth time: as imported, or as given to an alarm of the app. */
export function alarmNameOf(alarm: cloudwatch.IAlarm): string | undefined {
  if (!Token.isUnresolved(alarm.alarmName)) {
    return alarm.alarmName;
  }
  const cfn = alarm.node.defaultChild;
  const name = cfn instanceof cloudwatch.CfnAlarm ? cfn.alarmName
    : cfn instanceof cloudwatch.CfnCompositeAlarm ? cfn.alarmName : undefined;
  return literalOf(name, cfn);
}
