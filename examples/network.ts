import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The network the databases share: 2 AZs of isolated subnets (no NAT, no internet
 * gateway), flow logs kept a year. Long-lived, like the tiers.
 */
export class NetworkStack extends Stack {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = isolatedVpc(this);
  }
}

/** The address range of the examples' VPCs. */
export const VPC_CIDR = '10.0.0.0/16';

/** 2 AZs of isolated subnets (no NAT, no internet gateway), flow logs kept a year. */
export function isolatedVpc(scope: Construct, cidr: string = VPC_CIDR): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(cidr),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(scope, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
    })),
  });
  return vpc;
}
