import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { AutoScalingTarget, AutoScalingTargetProps, ScheduledChange } from '../plans/scheduled-change';
import { markEventTarget } from '../private/event-targets';
import { findingResource } from '../private/nag';

/** Which changes a ramp-down gate makes instead of a scheduled action, and when each is surely in force. */
export interface Gating {
  readonly gated: ReadonlySet<ScheduledChange>;
  readonly inForceFrom: (c: ScheduledChange) => number;
}

/** No gate: every change is a scheduled action, in force when it fires. */
export const NO_GATING: Gating = { gated: new Set(), inForceFrom: (c) => c.fireAt.getTime() };

/** What identifies a scalable target in Application Auto Scaling: one owner per key. */
export function scalableTargetKey(target: AutoScalingTarget): string {
  const p = target.props;
  return `${p.serviceNamespace}|${p.resourceId}|${p.scalableDimension}`;
}

/** The target's changes, grouped by scalable target. */
export function byScalableTarget(changes: ScheduledChange[]): Map<string, { target: AutoScalingTarget; changes: ScheduledChange[] }> {
  const groups = new Map<string, { target: AutoScalingTarget; changes: ScheduledChange[] }>();
  for (const c of changes) {
    const target = c.autoScalingOptions!.target;
    const key = scalableTargetKey(target);
    const group = groups.get(key) ?? { target, changes: [] };
    group.changes.push(c);
    groups.set(key, group);
  }
  return groups;
}

/**
 * The capacity of the phase in force at `now`: the last change at or before it. A deploy
 * mid-event keeps the peak instead of resetting it to baseline (and is the catch-up of a late
 * deploy).
 */
export function capacityInForce(changes: ScheduledChange[], now: Date,
  inForceFrom: (c: ScheduledChange) => number = (c) => c.fireAt.getTime()): { min: number; max: number } | undefined {
  const current = changes
    .filter((c) => inForceFrom(c) <= now.getTime())
    .sort((x, y) => inForceFrom(x) - inForceFrom(y))
    .pop()?.autoScalingOptions;
  return current && { min: current.minCapacity, max: current.maxCapacity };
}

/** A scalable target with the service's service-linked role. */
export function newScalableTarget(scope: Construct, id: string, p: AutoScalingTargetProps,
  minCapacity: number, maxCapacity: number): appscaling.ScalableTarget {
  const scalable = new appscaling.ScalableTarget(scope, id, {
    serviceNamespace: p.serviceNamespace,
    resourceId: p.resourceId,
    scalableDimension: p.scalableDimension,
    minCapacity,
    maxCapacity,
    role: iam.Role.fromRoleArn(scope, `${id}-ServiceLinkedRole`, Stack.of(scope).formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: `aws-service-role/${p.serviceLinkedRole}`,
    }), { mutable: false }),
  });
  markEventTarget(scalable.node.defaultChild!);
  return scalable;
}

/**
 * A change of a scalable target another stack registered (its owner's scaling policies stay), as
 * the RegisterScalableTarget call an EventBridge Scheduler universal target makes: the new
 * minimum, with the maximum raised to it where the owner's is lower; at the target's last change
 * (the baseline), the owner's own bounds. The event never registers nor deregisters the target.
 */
export function registerCallOf(c: ScheduledChange, stack: Stack, last: boolean): ScheduledChange {
  const a = c.autoScalingOptions!;
  const p = a.target.props;
  const owner = p.registeredElsewhere!;
  const [min, max] = last ? [owner.minCapacity, owner.maxCapacity]
    : [a.minCapacity, Math.max(a.minCapacity, a.maxCapacity, owner.maxCapacity)];
  return ScheduledChange.universal({
    ...c.options,
    // Two events must not move one target in overlapping windows: the target is the resource.
    resource: c.options.resource ?? `application-autoscaling:${p.serviceNamespace}:${p.resourceId}|${p.scalableDimension}`,
    service: 'applicationautoscaling',
    action: 'registerScalableTarget',
    input: {
      ServiceNamespace: p.serviceNamespace, ResourceId: p.resourceId, ScalableDimension: p.scalableDimension, MinCapacity: min, MaxCapacity: max,
    },
    policyStatements: [registerStatement(stack, p)],
  });
}

/** True for a change that calls RegisterScalableTarget (on a target registered elsewhere). */
export function isRegisterCall(c: ScheduledChange): boolean {
  return c.universalOptions?.service === 'applicationautoscaling' && c.universalOptions.action === 'registerScalableTarget';
}

/** The scalable dimensions a set of changes acts on through RegisterScalableTarget calls or scheduled actions. */
export function scalableDimensionsOf(changes: ScheduledChange[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.autoScalingOptions ? [c.autoScalingOptions.target.props.scalableDimension]
    : isRegisterCall(c) ? [c.universalOptions!.input.ScalableDimension as string] : [])))];
}

/**
 * A scheduled action for each change still to come, at its local time in the event's zone (but
 * for gated ramp-down steps, which the tier's gate applies); returns how many.
 */
export function scheduleActions(scalable: appscaling.ScalableTarget, window: EventWindow, now: Date,
  changes: ScheduledChange[], namePrefix: string = '', gated: ReadonlySet<ScheduledChange> = NO_GATING.gated): number {
  let count = 0;
  for (const c of changes) {
    const o = c.autoScalingOptions!;
    if (c.fireAt.getTime() <= now.getTime() || gated.has(c)) {
      continue;
    }
    const at = window.scheduleAtInstant(c.fireAt);
    scalable.scaleOnSchedule(`${namePrefix}${c.when.replace('+', '-')}`, {
      schedule: appscaling.Schedule.expression(at.expression),
      timeZone: at.timeZone,
      minCapacity: o.minCapacity,
      maxCapacity: o.maxCapacity,
    });
    count++;
  }
  return count;
}

/**
 * One Application Auto Scaling scalable target per target the changes name, registered at the
 * capacity of the phase in force at `now`, with a scheduled action for each change still to
 * come. Returns the targets registered, by key.
 */
export function createScalableTargets(scope: Construct, window: EventWindow, now: Date,
  changes: ScheduledChange[], gating: Gating = NO_GATING): Map<string, appscaling.ScalableTarget> {
  const registered = new Map<string, appscaling.ScalableTarget>();
  for (const [key, { target, changes: list }] of byScalableTarget(changes)) {
    const p = target.props;
    const current = capacityInForce(list, now, gating.inForceFrom);
    const scalable = newScalableTarget(scope, target.id, p, current?.min ?? p.baselineMinCapacity, current?.max ?? p.baselineMaxCapacity);
    scheduleActions(scalable, window, now, list, '', gating.gated);
    registered.set(key, scalable);
  }
  return registered;
}

/**
 * Updating a scalable target (RegisterScalableTarget) is authorized against the target's ARN,
 * whose ID Application Auto Scaling assigns at registration and CloudFormation does not return:
 * the statement names the account's and Region's targets, narrowed by service namespace and
 * scalable dimension (the condition keys the Service Authorization Reference lists for it).
 */
export function registerStatement(stack: Stack, p: { serviceNamespace: string; scalableDimension: string }): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['application-autoscaling:RegisterScalableTarget'],
    resources: [scalableTargetsArn(stack)],
    conditions: {
      StringEquals: {
        'application-autoscaling:service-namespace': p.serviceNamespace,
        'application-autoscaling:scalable-dimension': p.scalableDimension,
      },
    },
  });
}

/**
 * What Application Auto Scaling checks that the caller of RegisterScalableTarget (or
 * PutScheduledAction) holds on the target service and CloudWatch before it accepts the call, by
 * scalable dimension: the permissions its user guide lists ("Permissions required for API
 * actions on target services and CloudWatch"; the Aurora probes in "Permissions validation for
 * API calls on target resources"). No IAM reference shows them: the check is inside the service.
 */
const AAS_VALIDATED: { [dimension: string]: string[] } = {
  'rds:cluster:ReadReplicaCount': ['rds:AddTagsToResource', 'rds:CreateDBInstance', 'rds:DeleteDBInstance',
    'rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
  'lambda:function:ProvisionedConcurrency': ['lambda:PutProvisionedConcurrencyConfig',
    'lambda:GetProvisionedConcurrencyConfig', 'lambda:DeleteProvisionedConcurrencyConfig'],
  'ecs:service:DesiredCount': ['ecs:DescribeServices', 'ecs:UpdateService'],
};
const AAS_VALIDATED_CLOUDWATCH = ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'];

export function validatedPermissions(dimension: string): string[] | undefined {
  const service = AAS_VALIDATED[dimension];
  return service && [...service, ...AAS_VALIDATED_CLOUDWATCH];
}

/** The dimensions whose validated permissions are recorded, for messages. */
export const VALIDATED_DIMENSIONS = Object.keys(AAS_VALIDATED);

/** Why what Application Auto Scaling validates is granted on '*' (a cdk-nag acknowledgement's words). */
export const VALIDATED_ON_STAR = 'what Application Auto Scaling requires of a caller of RegisterScalableTarget on the target '
  + 'service and CloudWatch: it checks them by calling those APIs with resources it makes up (an empty DB instance ID, an ARN '
  + 'in account 12345, no alarm name), as its user guide documents ("Permissions validation for API calls on target '
  + 'resources"), and its documented policies grant them on *.';

/**
 * Lets a role that calls RegisterScalableTarget on targets of these dimensions pass Application
 * Auto Scaling's check of its caller: what the service validates, on '*' (`unrecorded` says why a
 * dimension without a record cannot be), and the acknowledgement of the RegisterScalableTarget
 * statement's resource, the account's scalable targets narrowed by condition keys. The role's own
 * acknowledgement of '*' quotes {@link VALIDATED_ON_STAR}.
 */
export function allowValidatedCalls(role: iam.Role, dimensions: string[], unrecorded: (dimension: string) => never): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: [...new Set(dimensions.flatMap((d) => validatedPermissions(d) ?? unrecorded(d)))].sort(),
    resources: ['*'],
  }));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${findingResource(role, scalableTargetsArn(Stack.of(role)))}]`,
    reason: 'A scalable target\'s ARN ends in an ID Application Auto Scaling assigns when the target is registered, which '
      + 'CloudFormation does not return; the statement allows only RegisterScalableTarget (an update of minimum and '
      + 'maximum capacity) on targets of the tier\'s service namespace and scalable dimension (condition keys).',
  });
}

/** Every scalable target of the stack's account and Region. */
export function scalableTargetsArn(stack: Stack): string {
  return stack.formatArn({ service: 'application-autoscaling', resource: 'scalable-target', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
