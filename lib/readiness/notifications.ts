import { ArnFormat, Aws, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../private/kms';
import { warn } from '../private/warnings';

/**
 * The ARNs of exactly the alarms that notify (known at synthesis), for the notification path's
 * resource policies: a prefix such as `alarm:<event>-*` would also let the alarms of an event
 * named `<event>-eu` publish.
 */
export function alarmArns(scope: Construct, alarmNames: () => string[]): string[] {
  const stack = Stack.of(scope);
  return Lazy.list({
    produce: () => [...new Set(alarmNames())].map((name) => stack.formatArn({
      service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })),
  });
}

/**
 * A topic policy replaces the topic's default policy: without this statement CloudWatch could
 * not publish the event's alarm notifications.
 */
export function allowAlarmsToPublish(scope: Construct, topic: sns.ITopic, alarmNames: () => string[], sid?: string): void {
  allowAlarmArnsToPublish(topic, alarmArns(scope, alarmNames), sid);
}

/** The same, for the given alarm ARNs. */
function allowAlarmArnsToPublish(topic: sns.ITopic, sourceArns: string[], sid = 'AllowEventAlarmsToPublish'): void {
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnEquals: { 'aws:SourceArn': sourceArns },
    },
  }));
}

/**
 * The event's alarm topic: encrypted with a key CloudWatch may use, and a policy that lets the
 * event's notifying alarms (`alarmNames`, read at synthesis) publish, and no others.
 */
export function createAlarmTopic(scope: Construct, eventName: string, alarmNames: () => string[]): sns.Topic {
  return newAlarmTopic(scope, `event '${eventName}'`, `Event ${eventName} alarms`, alarmArns(scope, alarmNames));
}

/**
 * A calendar's alarm topic, shared by its events (one subscription to confirm per address):
 * its policies allow the notifying alarms of every event the calendar has when it is synthesized.
 */
export function createCalendarAlarmTopic(scope: Construct, alarmNames: () => string[]): sns.Topic {
  return newAlarmTopic(scope, `the events of calendar ${scope.node.path}`, 'Event calendar alarms', alarmArns(scope, alarmNames),
    'AllowCalendarAlarmsToPublish');
}

function newAlarmTopic(scope: Construct, whose: string, displayName: string, sourceArns: string[], sid?: string): sns.Topic {
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: `Encrypts ${whose} alarm notifications`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  // CloudWatch publishes alarm notifications to the encrypted topic.
  key.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnEquals: { 'aws:SourceArn': sourceArns },
    },
  }));
  restrictGrantsToAwsServices(key);
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName,
    masterKey: key,
    enforceSSL: true,
  });
  allowAlarmArnsToPublish(topic, sourceArns, sid);
  return topic;
}

/**
 * An alarm topic the user gave: its policy gets the statement that lets the event's notifying
 * alarms publish when it is a topic of the event's own stack; otherwise it is left as it is, and a
 * warning says what it must allow.
 */
export function allowEventAlarmsOnGivenTopic(scope: Construct, topic: sns.ITopic, eventName: string, alarmNames: () => string[],
  sid: string | undefined): void {
  if (topic instanceof sns.Topic && Stack.of(topic) === Stack.of(scope)) {
    allowAlarmsToPublish(scope, topic, alarmNames, sid);
    return;
  }
  warn(scope, 'alarm-topic-policy',
    `alarmTopic ${topic.node.path} is not in this stack, so its policy is left as it is. CloudWatch `
    + `delivers event '${eventName}''s notifications only if the topic policy allows cloudwatch.amazonaws.com `
    + 'sns:Publish (conditions aws:SourceAccount, and aws:SourceArn the ARNs of the event\'s alarms that notify: '
    + `${eventName}-<tier>-health per tier, ${eventName}-scheduled-change-failed, ${eventName}-scheduler-*, and any `
    + `${eventName}-<tier>-ramp-down-failed and ${eventName}-account-concurrency; notifyingAlarmNames lists them) `
    + 'and, for a KMS-encrypted topic, the key policy lets cloudwatch.amazonaws.com use kms:Decrypt and '
    + 'kms:GenerateDataKey* (the AWS-managed alias/aws/sns key cannot). See docs/event-readiness.md in the project repository, "Notifications that can be delivered".');
}
