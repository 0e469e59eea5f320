// Extracted from docs/existing-resources.md by scripts/readme-samples.js: do not edit.
import { App, Duration, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  EventReadinessStack, EventWindow, ExistingRdsInstance, ExistingStatelessResources,
} from 'cdk-event-readiness';

// An "events" app of its own: the databases and functions live in other repositories.
const app = new App();
const readiness = new EventReadinessStack(app, 'SummerSale2027', {
  env: { account: '111111111111', region: 'eu-central-1' },
  window: new EventWindow({
    name: 'summer-sale-2027',
    start: '2027-06-19T10:00',
    end: '2027-06-19T22:00',
    timeZone: TimeZone.EUROPE_BERLIN,
    prewarmLead: Duration.hours(5),
    rampDown: Duration.hours(12),
    rampDownSteps: 2,
  }),
});

const orders = new ExistingRdsInstance(readiness, 'Orders', {
  instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(readiness, 'OrdersDb', {
    instanceIdentifier: 'orders', // a literal: event replicas are named after it
    // aws-cdk-lib requires the endpoint and port; the plans never read them (a placeholder will do).
    instanceEndpointAddress: 'orders.example.internal',
    port: 5432,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(readiness, 'OrdersSg', 'sg-0123456789abcdef0')],
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 }),
  }),
  // What an import cannot tell (see the table below).
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
  multiAz: true,
  subnetGroupName: 'orders-subnets',
});
readiness.addTier(orders.forEvent({
  peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8),
  eventReplicas: 1,
}));

const catalog = new ExistingStatelessResources(readiness, 'Catalog', {
  function: lambda.Function.fromFunctionName(readiness, 'CatalogFn', 'catalog'),
  aliasName: 'live', // provisioned concurrency is set on a version alias
  table: dynamodb.TableV2.fromTableName(readiness, 'CatalogTable', 'catalog'),
  maxReadRequestUnits: 8000, // the table's everyday cost cap
});
readiness.addTier(catalog.forEvent({ provisionedConcurrency: 200, maxReadRequestUnits: 24000 }));
export {};
