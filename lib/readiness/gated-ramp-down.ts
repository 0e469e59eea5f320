import { ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EventWindow } from '../event/event-window';
import { ChangeDirection, ChangeMechanism, ScheduledChange } from '../plans/scheduled-change';
import { ValidationError } from '../private/validation-error';
import { HeldTooLong, RampDownGate } from './ramp-down-gate';
import { allowValidatedCalls, registerStatement, scalableDimensionsOf, VALIDATED_DIMENSIONS, VALIDATED_ON_STAR } from './scalable-targets';

/** The CloudWatch namespace of the gates' own metrics (dimensions Event and Tier). */
export const GATE_METRIC_NAMESPACE = 'CdkEventReadiness';
/** A held check (the tier was hot; the step waits `checkEvery`) and a skipped step. */
export const GATE_METRICS = { held: 'RampDownStepHeld', skipped: 'RampDownStepSkipped' } as const;

/** Beyond the maximum hold and one more check: the calls and their retries. */
const GATE_ALLOWANCE_SECONDS = 10 * 60;

/**
 * How long a gate's execution may run (its `TimeoutSeconds`): the maximum hold, one more check,
 * and time for the calls and their retries. A gated step applies within it or not at all.
 */
export function gateTimeoutSeconds(gate: RampDownGate): number {
  return gate.maximumHold.toSeconds() + gate.checkEvery.toSeconds() + GATE_ALLOWANCE_SECONDS;
}

/** Whether a gate holds a change: every scale-down, when the gate is on; never a scale-up. */
export function gates(gate: RampDownGate, change: ScheduledChange): boolean {
  return gate.enabled && change.options.direction === ChangeDirection.SCALE_DOWN;
}

/**
 * How much later than its schedule's retries a change may be applied (ms): 0 unless its gate
 * holds it; then the gate's execution time limit, and for an Application Auto Scaling change
 * (started by a schedule, which may itself retry) the maximum event age as well.
 */
export function gateDelayMs(change: ScheduledChange, gate: RampDownGate, maximumEventAge: Duration): number {
  if (!gates(gate, change)) {
    return 0;
  }
  const schedule = change.mechanism === ChangeMechanism.APPLICATION_AUTO_SCALING ? maximumEventAge.toMilliseconds() : 0;
  return schedule + gateTimeoutSeconds(gate) * 1000;
}

/** Retries of each API call a gated step makes: a few, quickly (the gate has already waited). */
const CALL_RETRY = { IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 };

/** The request a gated change's state machine sends, and the Task state that sends it. */
export interface GatedCall {
  /** `rds:modifyDBInstance`, `applicationautoscaling:registerScalableTarget`. */
  readonly service: string;
  readonly action: string;
  readonly request: { [key: string]: any };
  /** The state that makes the call (one per change: its request is written into the definition). */
  readonly state: string;
}

/** The API call a gated change makes when its gate opens. */
export function gatedCallOf(change: ScheduledChange): Omit<GatedCall, 'state'> {
  const u = change.universalOptions;
  if (u) {
    return { service: u.service, action: u.action, request: u.input };
  }
  const a = change.autoScalingOptions!;
  const p = a.target.props;
  // What an Application Auto Scaling scheduled action does (a new minimum and maximum), done
  // by updating the scalable target the readiness stack registered: it stays its only owner.
  return {
    service: 'applicationautoscaling',
    action: 'registerScalableTarget',
    request: {
      ServiceNamespace: p.serviceNamespace,
      ResourceId: p.resourceId,
      ScalableDimension: p.scalableDimension,
      MinCapacity: a.minCapacity,
      MaxCapacity: a.maxCapacity,
    },
  };
}

/** What {@link createGateStateMachine} needs to know. */
export interface GateProps {
  readonly window: EventWindow;
  readonly tier: string;
  readonly gate: RampDownGate;
  /** The names of the alarms that hold a step (literal). */
  readonly alarmNames: string[];
  /** The gated changes whose gate may still run (to come, or still within their hold). */
  readonly changes: ScheduledChange[];
  /**
   * Changes that no later change of the same resource follows (a replica's deletion, a restore,
   * the baseline): never skipped, since nothing after them would make them.
   */
  readonly lastOfTheirResource: ReadonlySet<ScheduledChange>;
  readonly deadLetterQueue: sqs.IQueue;
}

/** A tier's gate: its state machine, and each gated change's call. */
export interface TierGate {
  readonly stateMachine: sfn.StateMachine;
  /**
   * The execution input each change's schedule starts it with: which call, and (for people and
   * `check` to read; the definition holds what is sent) its request.
   */
  inputOf(change: ScheduledChange, description: string): { [key: string]: any };
}

/**
 * One Step Functions state machine (Standard: a hold lasts hours) for a tier's gated ramp-down
 * steps, AWS SDK integrations only. Each execution is one step, started by the step's schedule:
 * read the alarms (only those in ALARM), hold while any is; after `maximumHold` apply or skip;
 * then the step's own call, its request written into the definition (whoever may start the
 * state machine can choose a step, not a capacity). Held checks and skips are counted in
 * CloudWatch for the dashboard; a call that fails (retries spent) goes to the event's
 * dead-letter queue, as a failed schedule does.
 */
export function createGateStateMachine(scope: Construct, p: GateProps): TierGate {
  const stack = Stack.of(scope);
  const every = p.gate.checkEvery.toSeconds();
  const hold = p.gate.maximumHold.toSeconds();
  const calls = new Map<ScheduledChange, GatedCall>();
  p.changes.forEach((change, i) => calls.set(change, { ...gatedCallOf(change), state: `Call ${i + 1}` }));
  const dimensions = [{ Name: 'Event', Value: p.window.name }, { Name: 'Tier', Value: p.tier }];
  const count = (metricName: string, next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:cloudwatch:putMetricData',
    Parameters: { Namespace: GATE_METRIC_NAMESPACE, MetricData: [{ MetricName: metricName, Dimensions: dimensions, Value: 1, Unit: 'Count' }] },
    ResultPath: null,
    Retry: [{ ErrorEquals: ['States.ALL'], ...CALL_RETRY }],
    // A metric that cannot be written must not hold back the step.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: next }],
    Next: next,
  });
  const apply = p.gate.whenHeldTooLong === HeldTooLong.APPLY;
  const never = [...calls].filter(([change]) => p.lastOfTheirResource.has(change)).map(([, call]) => call.state);
  const definition: any = {
    Comment: `Event '${p.window.name}', tier '${p.tier}': one ramp-down step, held while ${p.alarmNames.join(', ')} `
      + `is in ALARM (checked every ${every / 60} min, at most ${hold / 60} min), then `
      + `${apply ? 'applied' : 'applied if the tier has cooled down, else skipped (unless nothing after it would make it)'}.`,
    StartAt: 'Read alarms',
    TimeoutSeconds: gateTimeoutSeconds(p.gate),
    States: {
      'Read alarms': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:cloudwatch:describeAlarms',
        // Only the alarms in ALARM come back; an empty list may come back absent, hence IsPresent below.
        Parameters: { AlarmNames: p.alarmNames, AlarmTypes: ['CompositeAlarm', 'MetricAlarm'], StateValue: 'ALARM' },
        ResultPath: '$.alarms',
        Retry: [{ ErrorEquals: ['States.ALL'], ...CALL_RETRY }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Report failure' }],
        Next: 'Tier hot?',
      },
      'Tier hot?': {
        Type: 'Choice',
        Choices: [{
          Or: [{ Variable: '$.alarms.CompositeAlarms[0]', IsPresent: true }, { Variable: '$.alarms.MetricAlarms[0]', IsPresent: true }],
          Next: 'Held too long?',
        }],
        Default: 'Apply',
      },
      'Held too long?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.held.seconds', NumericGreaterThanEquals: hold, Next: apply ? 'Apply' : 'Skip it?' }],
        Default: 'Count hold',
      },
      'Count hold': count(GATE_METRICS.held, 'Hold'),
      'Hold': { Type: 'Wait', Seconds: every, Next: 'Add held time' },
      'Add held time': {
        Type: 'Pass',
        Parameters: { 'seconds.$': `States.MathAdd($.held.seconds, ${every})` },
        ResultPath: '$.held',
        Next: 'Read alarms',
      },
      ...(apply ? {} : {
        'Skip it?': {
          Type: 'Choice',
          // A step no later change of its resource follows is applied, late, rather than lost.
          Choices: never.map((state) => ({ Variable: '$.call', StringEquals: state, Next: 'Apply' })),
          Default: 'Count skip',
        },
        'Count skip': count(GATE_METRICS.skipped, 'Skipped'),
        'Skipped': { Type: 'Pass', Result: 'SKIPPED', ResultPath: '$.outcome', End: true },
      }),
      'Apply': {
        Type: 'Choice',
        Choices: [...calls.values()].map((call) => ({ Variable: '$.call', StringEquals: call.state, Next: call.state })),
        Default: 'Report failure',
      },
      ...Object.fromEntries([...calls.values()].map((call) => [call.state, {
        Type: 'Task',
        Resource: `arn:aws:states:::aws-sdk:${call.service}:${call.action}`,
        Parameters: call.request,
        ResultPath: null,
        Retry: [{ ErrorEquals: ['States.ALL'], ...CALL_RETRY }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Report failure' }],
        Next: 'Applied',
      }])),
      'Applied': { Type: 'Pass', Result: 'APPLIED', ResultPath: '$.outcome', End: true },
      'Report failure': {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { 'QueueUrl': p.deadLetterQueue.queueUrl, 'MessageBody.$': 'States.JsonToString($)' },
        ResultPath: null,
        Retry: [{ ErrorEquals: ['States.ALL'], ...CALL_RETRY }],
        Next: 'Failed',
      },
      'Failed': { Type: 'Fail', Error: 'RampDownStepFailed', Cause: 'The step\'s call failed; the execution input is in the dead-letter queue.' },
    },
  };
  if (!apply && never.length === 0) {
    definition.States['Held too long?'].Choices[0].Next = 'Count skip';
    delete definition.States['Skip it?'];
  }

  const stateMachineName = `${p.window.name}-${p.tier}-ramp-down`;
  const role = new iam.Role(scope, 'RampDownGateRole', {
    description: `Holds and applies tier '${p.tier}' ramp-down steps of event '${p.window.name}'`,
    assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // Read-only. CloudWatch returns composite alarms only to a DescribeAlarms permission on '*'
    // (DescribeAlarms API reference): scoped to the alarms, a composite would never read as hot.
    actions: ['cloudwatch:DescribeAlarms'],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // PutMetricData names no resource: the namespace is what it is scoped by.
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': GATE_METRIC_NAMESPACE } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [p.deadLetterQueue.queueArn] }));
  const seen = new Set<string>();
  for (const change of p.changes) {
    const statements = change.mechanism === ChangeMechanism.SCHEDULER_UNIVERSAL_TARGET
      ? change.universalOptions!.policyStatements
      : [registerStatement(stack, change.autoScalingOptions!.target.props)];
    for (const st of statements) {
      const key = JSON.stringify(stack.resolve(st.toStatementJson()));
      if (!seen.has(key)) {
        seen.add(key);
        role.addToPrincipalPolicy(st);
      }
    }
  }
  const scalableDimensions = scalableDimensionsOf(p.changes);
  if (scalableDimensions.length > 0) {
    allowValidatedCalls(role, scalableDimensions, (d) => unrecorded(scope, p, d));
  }
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Statements on * that cannot name a resource: cloudwatch:DescribeAlarms (read-only) returns composite alarms '
      + 'only when granted on * (DescribeAlarms API reference); cloudwatch:PutMetricData names none (the Service '
      + `Authorization Reference lists none it requires) and is limited to the ${GATE_METRIC_NAMESPACE} namespace by the `
      + 'cloudwatch:namespace condition key.' + (scalableDimensions.length === 0 ? '' : ` And ${VALIDATED_ON_STAR} The role `
      + 'can be assumed only by this one state machine, whose definition (fixed at deploy) makes none of these calls.'),
  });
  const stateMachine = new sfn.StateMachine(scope, 'RampDownGate', {
    stateMachineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(stack.toJsonString(definition)),
    role,
    comment: definition.Comment.slice(0, 256),
  });
  Validations.of(stateMachine).acknowledge({
    id: 'AwsSolutions-SF1',
    reason: 'Step Functions keeps every execution\'s full history (each alarm read, hold and call) for 90 days, and the '
      + 'gate counts holds and skips in CloudWatch for the event dashboard; CloudWatch Logs delivery would need the role '
      + 'to hold log-delivery permissions on every resource (*).',
  });
  Validations.of(stateMachine).acknowledge({
    id: 'AwsSolutions-SF2',
    reason: 'The state machine makes a few AWS API calls per ramp-down step and runs no code; X-Ray tracing would add '
      + 'little beyond the execution history and would need X-Ray permissions on every resource (*).',
  });
  return {
    stateMachine,
    inputOf: (change, description) => ({
      change: description,
      call: calls.get(change)!.state,
      request: calls.get(change)!.request,
      held: { seconds: 0 },
    }),
  };
}

/**
 * An alarm on a tier's gated steps that did not end well: failed (a call failed, or the
 * execution met an error no Catch takes), timed out or aborted. Kept out of the tier's composite
 * (a failed step must not hold the next one), in the event's.
 */
export function gateFailureAlarm(scope: Construct, stateMachine: sfn.StateMachine, name: string, description: string): cloudwatch.Alarm {
  const minute = { period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM };
  return new cloudwatch.Alarm(scope, 'RampDownGateAlarm', {
    alarmName: name,
    alarmDescription: description,
    metric: new cloudwatch.MathExpression({
      expression: 'SUM([f, t, a])',
      usingMetrics: {
        f: stateMachine.metricFailed(minute), t: stateMachine.metricTimedOut(minute), a: stateMachine.metricAborted(minute),
      },
      label: 'gated steps failed, timed out or aborted',
      period: Duration.minutes(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** A dimension whose validated permissions are not recorded: the gate cannot hold its steps. */
function unrecorded(scope: Construct, p: GateProps, dimension: string): never {
  throw new ValidationError(`event '${p.window.name}', tier '${p.tier}': a ramp-down gate cannot hold steps on scalable `
    + `dimension ${dimension}: what Application Auto Scaling checks its caller holds for it is not recorded (gates take `
    + `${VALIDATED_DIMENSIONS.join(', ')}); use RampDownGate.none() for this tier`, scope);
}

/** The gate's signals for the dashboard: held checks and skipped steps of the tier. */
export function gateMetrics(eventName: string, tier: string): cloudwatch.IMetric[] {
  return [GATE_METRICS.held, GATE_METRICS.skipped].map((metricName) => new cloudwatch.Metric({
    namespace: GATE_METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { Event: eventName, Tier: tier },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
    label: metricName === GATE_METRICS.held ? 'checks that held a step' : 'steps skipped',
  }));
}
