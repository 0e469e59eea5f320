// Extracted from docs/tiers.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { EventReadinessStack, EventWindow, RdsTier } from 'cdk-event-readiness';

const app = new App();
// A replica in another Region names its source by ARN: the source's Region must be known.
const shop = new Stack(app, 'Shop', { env: { region: 'us-east-1' } });
const orders = new RdsTier(shop, 'Orders', {
  instanceIdentifier: 'orders',
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE4),
});
new EventReadinessStack(app, 'SaleReadiness', {
  env: { region: 'us-east-1' },
  window: new EventWindow({
    name: 'sale-2027',
    start: '2027-11-26T00:00',
    end: '2027-11-27T00:00',
    timeZone: TimeZone.AMERICA_NEW_YORK,
    // A replica elsewhere starts from a snapshot copied across Regions: hours.
    prewarmLead: Duration.hours(10),
  }),
  tiers: [orders.forEvent({
    eventReplicasIn: [{
      region: 'eu-west-1',
      count: 2,
      // What the replicas need there, imported by name or ARN (or resources of a stack in eu-west-1).
      subnetGroup: rds.SubnetGroup.fromSubnetGroupName(shop, 'EuSubnets', 'orders-replicas'),
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(shop, 'EuReplicas', 'sg-0123456789abcdef0')],
      storageEncryptionKey: kms.Key.fromKeyArn(shop, 'EuKey',
        'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }],
  })],
});
app.synth();
export {};
