import { ArnFormat, Aws, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { TimelineStep } from '../../event/timeline-step';
import { instanceLogGroups } from '../../private/database';
import { findingResource } from '../../private/nag';
import { steppedValue } from '../../private/plan-helpers';
import { ValidationError } from '../../private/validation-error';
import { warn } from '../../private/warnings';
import { ChangeDirection, ScheduledChange } from '../scheduled-change';
import { TierEventContext } from '../tier-plan';
import { EVENT_TAG, EventReplicasInRegion, RdsPlanInputs, RdsPlanParts } from './options';
import { eventReplicaClass } from './parts';

/** How long a cross-Region replica takes to be ready, unless told: a snapshot is copied across Regions first. */
export const CROSS_REGION_CREATION_LEAD_TIME = Duration.hours(6);
/** Moving a new replica to its parameter group (PostgreSQL), then rebooting it into the group. */
const PARAMETER_GROUP_LEAD_TIME = Duration.minutes(10);
const REBOOT_LEAD_TIME = Duration.minutes(15);

/** One Region's event replicas, as the plan makes them. */
export interface RegionReplicas {
  readonly options: EventReplicasInRegion;
  readonly region: string;
  /** Their identifiers, r1 first. */
  readonly names: string[];
  readonly instanceClass: string;
  /** The parameter group a replica is created with (PostgreSQL: the Region's default, whatever is given). */
  readonly createdWithParameterGroup: string;
  /** The parameter group it ends up in. */
  readonly parameterGroup: string;
  readonly optionGroup: string;
  /** A PostgreSQL replica moved to a parameter group of its own after creation. */
  readonly movedToParameterGroup: boolean;
}

/** Every other Region's replicas, as the options give them. */
export function regionReplicas(p: RdsPlanInputs, eventName: string): RegionReplicas[] {
  return (p.options.eventReplicasIn ?? []).map((o) => {
    const defaultGroup = p.db.defaultParameterGroupName;
    const postgres = p.db.engine === 'postgres';
    return {
      options: o,
      region: o.region,
      names: Array.from({ length: o.count }, (_, i) => p.db.eventReplicaIdentifier(eventName, i + 1, o.region)),
      instanceClass: o.instanceType ? `db.${o.instanceType}` : eventReplicaClass(p),
      createdWithParameterGroup: postgres ? defaultGroup : o.parameterGroupName ?? defaultGroup,
      parameterGroup: o.parameterGroupName ?? defaultGroup,
      // Another Region has the engine's default groups, not the source's custom ones.
      optionGroup: o.optionGroupName ?? p.db.defaultOptionGroupName,
      movedToParameterGroup: postgres && o.parameterGroupName !== undefined,
    };
  });
}

/** The source instance's ARN, in its own Region (validated literal), as a replica elsewhere names it. */
export function sourceArn(p: RdsPlanInputs): string {
  const stack = p.db.arnStack;
  const partition = RegionInfo.get(stack.region).partition ?? Aws.PARTITION;
  // An environment-agnostic account is the account the companion stack is deployed to: the same one.
  const account = Token.isUnresolved(stack.account) ? Aws.ACCOUNT_ID : stack.account;
  return `arn:${partition}:rds:${stack.region}:${account}:db:${p.db.instanceIdentifier}`;
}

/**
 * Event replicas in other Regions: each created in its Region from the source's ARN once the
 * primary's own changes are done (a PostgreSQL replica given a parameter group is then moved to it
 * and rebooted), and deleted step by step over the ramp-down. Each Region's role may create,
 * change and delete only that event's replicas there.
 */
export function regionReplicaChanges(context: TierEventContext, p: RdsPlanParts, steps: TimelineStep[],
  delay: Duration | undefined): ScheduledChange[] {
  const w = context.window;
  const changes: ScheduledChange[] = [];
  const replicas = regionReplicas(p, w.name);
  if (replicas.length > 0 && !context.regions) {
    throw new ValidationError(`${p.db.subject} (tier '${p.tierName}'): eventReplicasIn needs a readiness construct that places `
      + 'changes in other Regions (EventReadiness); this one gives the plan no other Region', p.db.construct);
  }
  for (const r of replicas) {
    const scope = context.regions!.scopeIn(r.region);
    if (RegionInfo.get(r.region).isOptInRegion) {
      warn(scope, 'opt-in-region', `Tier '${p.tierName}' creates event replicas in ${r.region}, a Region an account must opt in `
        + 'to: enable it in the account before the event, or the calls there fail.');
    }
    const s = regionStatements(scope, context, p, r);
    const lead = r.options.creationLeadTime ?? CROSS_REGION_CREATION_LEAD_TIME;
    const common = { region: r.region, service: 'rds' };
    r.names.forEach((name, i) => {
      const k = i + 1;
      const setting = `event replica ${k} in ${r.region}`;
      const create = ScheduledChange.universal({
        ...common,
        step: w.prewarm,
        delay,
        setting,
        resource: `rds:db:${p.db.instanceIdentifier}`,
        before: 'none',
        after: `${name} (${r.instanceClass})`,
        beforeValue: i,
        afterValue: k,
        direction: ChangeDirection.SCALE_UP,
        leadTime: lead,
        action: 'createDBInstanceReadReplica',
        input: createInput(p, r, name, w.name),
        policyStatements: s.create,
      });
      changes.push(create);
      if (r.movedToParameterGroup) {
        // ModifyDBInstance waits for the replica to be available; the group applies at the reboot.
        const afterCreate = (delay?.toMilliseconds() ?? 0) + lead.toMilliseconds() + context.maximumEventAge.toMilliseconds();
        const modifyAt = Duration.minutes(Math.ceil(afterCreate / 60000));
        const rebootAt = modifyAt.plus(Duration.minutes(Math.ceil((PARAMETER_GROUP_LEAD_TIME.toMilliseconds()
          + context.maximumEventAge.toMilliseconds()) / 60000)));
        changes.push(ScheduledChange.universal({
          ...common, step: w.prewarm, delay: modifyAt, setting: `${setting}: parameter group`, subject: setting,
          before: r.createdWithParameterGroup, after: `${r.parameterGroup} (pending reboot)`,
          direction: ChangeDirection.SCALE_UP, leadTime: PARAMETER_GROUP_LEAD_TIME,
          action: 'modifyDBInstance',
          input: { DbInstanceIdentifier: name, DbParameterGroupName: r.parameterGroup, ApplyImmediately: true },
          policyStatements: s.modify,
        }), ScheduledChange.universal({
          ...common, step: w.prewarm, delay: rebootAt, setting: `${setting}: reboot`, subject: setting,
          before: `${r.parameterGroup} (pending reboot)`, after: r.parameterGroup,
          direction: ChangeDirection.SCALE_UP, leadTime: REBOOT_LEAD_TIME,
          action: 'rebootDBInstance',
          input: { DbInstanceIdentifier: name },
          policyStatements: s.reboot,
        }));
      }
    });
    let remaining = r.names.length;
    for (const step of steps.slice(1)) {
      const target = steppedValue(r.names.length, 0, step.rampFraction);
      for (let k = remaining; k > target; k--) {
        changes.push(ScheduledChange.universal({
          ...common,
          step,
          setting: `event replica ${k} in ${r.region}`,
          before: r.names[k - 1],
          after: 'deleted',
          beforeValue: k,
          afterValue: k - 1,
          direction: ChangeDirection.SCALE_DOWN,
          leadTime: Duration.minutes(15),
          action: 'deleteDBInstance',
          input: { DbInstanceIdentifier: r.names[k - 1], SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
          policyStatements: s.remove,
        }));
      }
      remaining = Math.min(remaining, target);
    }
    r.names.forEach((name, i) => instanceLogGroups(scope, `EventReplica${i + 1}`, name, p.db.logExports));
  }
  return changes;
}

/** A CreateDBInstanceReadReplica request in the replica's Region. */
function createInput(p: RdsPlanInputs, r: RegionReplicas, name: string, eventName: string): { [key: string]: any } {
  const o = r.options;
  const mysql = p.db.engine === 'mysql';
  return {
    // Another Region's source is named by its ARN (API reference, SourceDBInstanceIdentifier).
    SourceDBInstanceIdentifier: sourceArn(p),
    DbInstanceIdentifier: name,
    DbInstanceClass: r.instanceClass,
    // PostgreSQL: the API takes a parameter group here for cross-Region MySQL only.
    ...(mysql && o.parameterGroupName ? { DbParameterGroupName: o.parameterGroupName } : {}),
    ...(o.optionGroupName ? { OptionGroupName: o.optionGroupName } : {}),
    DbSubnetGroupName: o.subnetGroup.subnetGroupName,
    VpcSecurityGroupIds: o.securityGroups.map((g) => g.securityGroupId),
    StorageType: 'gp3',
    // KMS keys never leave their Region: an encrypted source needs a key of the replica's Region.
    ...(o.storageEncryptionKey ? { KmsKeyId: o.storageEncryptionKey.keyArn } : {}),
    EnableIAMDatabaseAuthentication: p.db.iamAuthentication,
    ...(o.monitoringRole ? { MonitoringInterval: 60, MonitoringRoleArn: o.monitoringRole.roleArn } : {}),
    EnablePerformanceInsights: p.db.performanceInsights,
    EnableCloudwatchLogsExports: p.db.logExports,
    AutoMinorVersionUpgrade: true,
    PubliclyAccessible: false,
    DeletionProtection: false,
    Tags: [{ Key: EVENT_TAG, Value: eventName }],
  };
}

/** What one Region's role may do: create, (PostgreSQL) move and reboot, and delete this event's replicas there. */
function regionStatements(scope: Construct, context: TierEventContext, p: RdsPlanParts, r: RegionReplicas) {
  const w = context.window;
  const here = Stack.of(scope);
  const arn = (resource: string, name: string) => here.formatArn({
    service: 'rds', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const replicas = arn('db', `${r.names[0].slice(0, -1)}*`);
  const o = r.options;
  const create = [
    new iam.PolicyStatement({
      actions: ['rds:CreateDBInstanceReadReplica', 'rds:AddTagsToResource'],
      resources: [replicas],
      conditions: { StringEquals: { [`aws:RequestTag/${EVENT_TAG}`]: w.name } },
    }),
    // The source (in its own Region), and the groups the replica is created with, in this one.
    new iam.PolicyStatement({
      actions: ['rds:CreateDBInstanceReadReplica'],
      resources: [sourceArn(p), arn('og', r.optionGroup), arn('pg', r.createdWithParameterGroup),
        arn('subgrp', o.subnetGroup.subnetGroupName)],
    }),
  ];
  if (o.monitoringRole) {
    create.push(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [o.monitoringRole.roleArn] }));
  }
  if (o.storageEncryptionKey) {
    create.push(new iam.PolicyStatement({
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: [o.storageEncryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `rds.${r.region}.amazonaws.com` } },
    }));
  }
  const tagged = { StringEquals: { [`aws:ResourceTag/${EVENT_TAG}`]: w.name } };
  const modify = [
    new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [replicas], conditions: tagged }),
    new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [arn('pg', r.parameterGroup)] }),
  ];
  const reboot = [new iam.PolicyStatement({ actions: ['rds:RebootDBInstance'], resources: [replicas], conditions: tagged })];
  const remove = [new iam.PolicyStatement({ actions: ['rds:DeleteDBInstance'], resources: [replicas], conditions: tagged })];
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${findingResource(scope, replicas)}]`,
    reason: `The wildcard covers only event '${w.name}'s read replicas in ${r.region} (${r.names[0]} …), which the schedules `
      + 'create, change and delete; creating needs the event\'s tag in the request, and changing or deleting needs it on the '
      + 'instance.',
  });
  return { create, modify, reboot, remove };
}
