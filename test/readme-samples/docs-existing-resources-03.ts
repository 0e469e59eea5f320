// Extracted from docs/existing-resources.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Fn, TimeZone } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { EventReadinessStack, EventWindow, ExistingEcsService } from 'cdk-event-readiness';

const app = new App();
const readiness = new EventReadinessStack(app, 'LaunchDay', {
  window: new EventWindow({
    name: 'launch-day',
    start: '2027-09-14T18:00',
    end: '2027-09-14T23:00',
    timeZone: TimeZone.EUROPE_LONDON,
    prewarmLead: Duration.hours(1),
  }),
});
// A Fargate service your own stack scales between 10 and 1,000 tasks on CPU (target tracking).
const api = new ExistingEcsService(readiness, 'Api', {
  clusterName: 'web',
  serviceName: 'api',
  taskCountTarget: { minCapacity: 10, maxCapacity: 1000 },
  // Its target group, with the load balancer's ARN: CloudWatch names its metrics by both.
  targetGroup: elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(readiness, 'ApiTargets', {
    targetGroupArn: Fn.importValue('web-api-targets'),
    loadBalancerArns: Fn.importValue('web-load-balancer'),
  }),
  containerInsights: true,
  launchType: ecs.LaunchType.FARGATE,
  taskCpu: 1024,
  taskMemoryMiB: 2048,
  runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
});
// From prewarm, at least 300 tasks and at most 2,000; back to 10-1,000 at baseline.
readiness.addTier(api.forEvent({ minimumTaskCount: 300, maximumTaskCount: 2000 }));
app.synth();
export {};
