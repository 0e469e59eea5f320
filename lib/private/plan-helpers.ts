import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** True for a whole number (not a token). */
export function isWholeNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/**
 * The setpoint at a step: `rampFraction` of the way from peak back to baseline,
 * rounded to the nearest whole number.
 */
export function steppedValue(peak: number, baseline: number, rampFraction: number): number {
  return Math.round(peak + (baseline - peak) * rampFraction);
}

/** A construct id in kebab-case (`CatalogTier` → `catalog-tier`), the default tier name. */
export function defaultTierName(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Where a tier's database goes by default: isolated subnets when the VPC has them, else its private ones. */
export function defaultDatabaseSubnets(vpc: ec2.IVpc): ec2.SubnetSelection | undefined {
  return vpc.isolatedSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : undefined;
}
