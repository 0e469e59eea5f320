import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
export function allowAlarmsToPublish(scope: Construct, topic: sns.ITopic, eventName: string): void {
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowEventAlarmsToPublish',
    actions: ['sns:Publish'],
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': alarmArnPattern(scope, eventName) },
    },
  }));
}

/** The event's alarm topic: encrypted with a key CloudWatch may use, and a policy that lets the event's alarms publish. */
export function createAlarmTopic(scope: Construct, eventName: string): sns.Topic {
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: `Encrypts event '${eventName}' alarm notifications`,
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
      ArnLike: { 'aws:SourceArn': alarmArnPattern(scope, eventName) },
    },
  }));
  restrictGrantsToAwsServices(key);
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: `Event ${eventName} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  allowAlarmsToPublish(scope, topic, eventName);
  return topic;
}
