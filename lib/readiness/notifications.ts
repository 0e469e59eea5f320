import { ArnFormat, Aws, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../private/kms';

/**
 * The ARN pattern of an event's alarms (every one is named `<event>-…`), for the notification
 * path's resource policies.
 */
export function alarmArnPattern(scope: Construct, eventName: string): string {
  return Stack.of(scope).formatArn({
    service: 'cloudwatch', resource: 'alarm', resourceName: `${eventName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A topic policy replaces the topic's default policy: without this statement CloudWatch could
 * not publish the event's alarm notifications.
 */
export function allowAlarmsToPublish(scope: Construct, topic: sns.ITopic, eventName: string, sid?: string): void {
  allowAlarmArnsToPublish(topic, alarmArnPattern(scope, eventName), sid);
}

/** The same, for alarms matching any of several ARN patterns (a calendar's events). */
function allowAlarmArnsToPublish(topic: sns.ITopic, sourceArns: string | string[], sid = 'AllowEventAlarmsToPublish'): void {
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': sourceArns },
    },
  }));
}

/** The event's alarm topic: encrypted with a key CloudWatch may use, and a policy that lets the event's alarms publish. */
export function createAlarmTopic(scope: Construct, eventName: string): sns.Topic {
  return newAlarmTopic(scope, `event '${eventName}'`, `Event ${eventName} alarms`, alarmArnPattern(scope, eventName));
}

/**
 * A calendar's alarm topic, shared by its events (one subscription to confirm per address):
 * its policies allow the alarms of every event the calendar has when it is synthesized.
 */
export function createCalendarAlarmTopic(scope: Construct, eventNames: () => string[]): sns.Topic {
  return newAlarmTopic(scope, `the events of calendar ${scope.node.path}`, 'Event calendar alarms',
    Lazy.list({ produce: () => eventNames().map((name) => alarmArnPattern(scope, name)) }), 'AllowCalendarAlarmsToPublish');
}

function newAlarmTopic(scope: Construct, whose: string, displayName: string, sourceArns: string | string[],
  sid?: string): sns.Topic {
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
      ArnLike: { 'aws:SourceArn': sourceArns },
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
