// Extracted from docs/event-readiness.md by scripts/readme-samples.js: do not edit.
import { App, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EventReadinessStack, EventWindow, HeldTooLong, RampDownGate, RdsTier, StatelessTier } from 'cdk-event-readiness';

declare const app: App;
declare const window: EventWindow;
declare const catalog: StatelessTier;
declare const orders: RdsTier;
declare const queueDepthAlarm: cloudwatch.IAlarm; // an alarm of yours, with a name

const sale = new EventReadinessStack(app, 'SaleReadiness', {
  window,
  // hold each ramp-down step while the tier's composite alarm is in ALARM: check every 5 minutes,
  // for at most 45 minutes, then step down anyway
  rampDownGate: RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(5), maximumHold: Duration.minutes(45) }),
});
sale.addTier(catalog.forEvent({ provisionedConcurrency: 800 }));
// a tier of its own: held on your queue-depth alarm; still hot after an hour, the step is skipped
sale.addTier(orders.forEvent({ peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8) }), {
  rampDownGate: RampDownGate.whileInAlarm({
    alarms: [queueDepthAlarm], maximumHold: Duration.hours(1), whenHeldTooLong: HeldTooLong.SKIP,
  }),
});
export {};
