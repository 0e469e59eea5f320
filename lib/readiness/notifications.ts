import { ArnFormat, Aws, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../private/kms';

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
