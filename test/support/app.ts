import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, AppProps, CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';

/** Context every test app gets: CloudFormation validation findings fail synth. */
export const STRICT_VALIDATION = { '@aws-cdk/core:strictCfnValidateErrors': true };

/** Options of a test app. */
export interface TestAppOptions {
  /**
   * Validate every template against CloudFormation's schemas and rules (aws-cdk-lib's
   * CloudFormationValidatePlugin, strict: a finding fails synth). Only the tests whose assertion
   * is "this app is valid CloudFormation" ask for it (the examples, the property and edge-value
   * sweeps): aws-cdk-lib's built-in validation is off in every test (test/support/setup.ts), since
   * validating every app the tests synthesize dominated the suite's time.
   */
  readonly validate?: boolean;
}

/** One validator per worker thread: its engine loads once and serves every app of every file the worker runs. */
let validator: CloudFormationValidatePlugin | undefined;

/**
 * An App whose cloud assembly goes to a directory of its own under the OS's temporary directory,
 * which in the tests is the run's, removed by Jest's global teardown (test/support/setup.ts), so
 * tests leave no `cdk.out` litter behind; without tree.json (aws-cdk-lib resolves every resource's properties a second
 * time to write it, and nothing here reads it).
 */
export function newApp(props: AppProps = {}, options: TestAppOptions = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
  const app = new App({ treeMetadata: false, ...props, outdir, context: { ...STRICT_VALIDATION, ...props.context } });
  if (options.validate) {
    validator ??= warmedUp(new CloudFormationValidatePlugin());
    Validations.of(app).addPlugins(validator);
  }
  return app;
}

/**
 * The resource types the library and its examples create. The validator builds its engine for
 * the types it has seen and builds it again for each new one: seeing them all first, it builds
 * it once per worker. (A type missing here costs time, not correctness.)
 */
const RESOURCE_TYPES = [
  'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Stage',
  'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::CDK::Metadata', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard', 'AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table', 'AWS::EC2::FlowLog', 'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint', 'AWS::ECS::Cluster', 'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::KMS::Alias',
  'AWS::Lambda::Alias', 'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::Version', 'AWS::Logs::LogGroup',
  'AWS::RDS::DBCluster', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::DBInstance', 'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBProxy', 'AWS::RDS::DBProxyTargetGroup', 'AWS::RDS::DBSubnetGroup', 'AWS::SNS::Subscription', 'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::Scheduler::Schedule', 'AWS::Scheduler::ScheduleGroup',
  'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment', 'AWS::StepFunctions::StateMachine',
  'Custom::VpcRestrictDefaultSG',
];

/** The validator, its engine built for every type above (its findings on this template are not read). */
function warmedUp(plugin: CloudFormationValidatePlugin): CloudFormationValidatePlugin {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'types-'));
  const templatePath = path.join(dir, 'types.template.json');
  fs.writeFileSync(templatePath, JSON.stringify({ Resources: Object.fromEntries(RESOURCE_TYPES.map((Type, i) => [`R${i}`, { Type }])) }));
  plugin.validate({
    templatePaths: [templatePath], appConstruct: new App({ outdir: dir }),
    stackTemplates: [{ stackConstructPath: 'Types', templatePath, accountId: undefined, region: undefined }],
  });
  return plugin;
}

/**
 * Runs a docs sample as pasted (test/readme-samples/<name>.ts, which `npm run readme-samples`
 * extracts) and returns the cloud assembly its own `app.synth()` made. The samples import
 * 'cdk-event-readiness': tsx resolves it to lib/ through tsconfig.json's paths, as the type-check does.
 */
export function runSample(name: string): cdk.cx_api.CloudAssembly {
  const synth = jest.spyOn(App.prototype, 'synth');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, '..', 'readme-samples', name));
    return synth.mock.results[0].value;
  } finally {
    synth.mockRestore();
  }
}
