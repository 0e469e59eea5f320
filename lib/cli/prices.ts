import { CliError } from './assembly';
import { EXIT } from './io';

/** Prices by deployment of an RDS instance: `single-az` or `multi-az` (one standby). */
export type Deployment = 'single-az' | 'multi-az';

/** RDS gp3 storage prices of one deployment, per month. */
export interface Gp3Prices {
  /** Per GB-month of allocated storage. */
  readonly gb?: number;
  /** Per IOPS-month above the baseline the storage includes. */
  readonly iops?: number;
  /** Per MiB/s-month of throughput above the baseline. */
  readonly throughputMiBps?: number;
}

/**
 * The prices `plan --cost` uses. Every price is optional: a setting whose price is missing is
 * shown as unknown (and left out of the totals, which say so), never as free.
 */
export interface PriceTable {
  /** When the prices were read (`YYYY-MM-DD`). */
  readonly asOf: string;
  /** The Region they are for. */
  readonly region: string;
  /** The currency. */
  readonly currency: string;
  /** Where they come from. */
  readonly source: string;
  /** RDS instance-hour by engine (`postgres`, `mysql`), deployment and class (`db.r7g.2xlarge`). */
  readonly rdsInstanceHour?: { readonly [engine: string]: { readonly [deployment: string]: { readonly [instanceClass: string]: number } } };
  /** RDS gp3 storage by deployment. */
  readonly rdsGp3Month?: { readonly [deployment: string]: Gp3Prices };
  /** Aurora ACU-hour by storage configuration (`aurora` Standard, `aurora-iopt1` I/O-Optimized). */
  readonly auroraAcuHour?: { readonly [storageType: string]: number };
  /** Lambda provisioned concurrency per GB-second it is configured, by architecture (`x86_64`, `arm64`). */
  readonly lambdaProvisionedConcurrencyGbSecond?: { readonly [architecture: string]: number };
  /**
   * DynamoDB warm throughput: a one-time charge per read (write) unit per second raised.
   */
  readonly dynamodbWarmThroughput?: { readonly readUnit?: number; readonly writeUnit?: number };
  /** AWS Fargate (Linux) per vCPU-hour and per GB-hour of a task, by architecture (`x86_64`, `arm64`). */
  readonly fargateHour?: { readonly [architecture: string]: { readonly vcpu?: number; readonly gb?: number } };
}

const DEPLOYMENTS = ['single-az', 'multi-az'];
const TOP_LEVEL = ['asOf', 'region', 'currency', 'source', 'rdsInstanceHour', 'rdsGp3Month', 'auroraAcuHour',
  'lambdaProvisionedConcurrencyGbSecond', 'dynamodbWarmThroughput', 'fargateHour'];

/**
 * A price table from a `--prices` file's JSON, checked: every price a number ≥ 0 in its place,
 * every key one the table knows (a misspelt key would silently leave a price unknown). Throws a
 * usage error naming every problem.
 */
export function parsePriceTable(json: unknown, file: string): PriceTable {
  const problems: string[] = [];
  const isObject = (v: unknown): v is { [k: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
  const price = (where: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      problems.push(`${where} must be a price (a number ≥ 0), got ${JSON.stringify(v)}`);
    }
  };
  const priceIn = (where: string, _key: string, v: unknown) => price(where, v);
  const map = (where: string, v: unknown, each: (where: string, key: string, value: unknown) => void, keys?: string[]) => {
    if (!isObject(v)) {
      problems.push(`${where} must be an object`);
      return;
    }
    for (const [k, value] of Object.entries(v)) {
      if (keys && !keys.includes(k)) {
        problems.push(`${where}.${k} is not a key the table knows (${keys.join(', ')})`);
      } else {
        each(`${where}.${k}`, k, value);
      }
    }
  };
  if (!isObject(json)) {
    throw new CliError(`--prices: '${file}' must hold a JSON object (a price table: see \`event-readiness prices\`)`, EXIT.USAGE);
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.includes(key)) {
      problems.push(`${key} is not a key the table knows (${TOP_LEVEL.join(', ')})`);
    }
  }
  for (const key of ['asOf', 'region', 'currency', 'source']) {
    if (json[key] !== undefined && typeof json[key] !== 'string') {
      problems.push(`${key} must be a string, got ${JSON.stringify(json[key])}`);
    }
  }
  if (typeof json.currency !== 'string' || json.currency.trim() === '') {
    problems.push('currency is required (e.g. "USD")');
  }
  if (json.rdsInstanceHour !== undefined) {
    map('rdsInstanceHour', json.rdsInstanceHour, (w, _engine, byDeployment) =>
      map(w, byDeployment, (w2, _d, byClass) => map(w2, byClass, (w3, cls, v) => {
        if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(cls)) {
          problems.push(`${w3}: '${cls}' is not an instance class (db.<family>.<size>)`);
        }
        price(w3, v);
      }), DEPLOYMENTS), ['postgres', 'mysql']);
  }
  if (json.rdsGp3Month !== undefined) {
    map('rdsGp3Month', json.rdsGp3Month, (w, _d, v) => map(w, v, priceIn, ['gb', 'iops', 'throughputMiBps']), DEPLOYMENTS);
  }
  if (json.auroraAcuHour !== undefined) {
    map('auroraAcuHour', json.auroraAcuHour, priceIn, ['aurora', 'aurora-iopt1']);
  }
  if (json.lambdaProvisionedConcurrencyGbSecond !== undefined) {
    map('lambdaProvisionedConcurrencyGbSecond', json.lambdaProvisionedConcurrencyGbSecond, priceIn, ['x86_64', 'arm64']);
  }
  if (json.dynamodbWarmThroughput !== undefined) {
    map('dynamodbWarmThroughput', json.dynamodbWarmThroughput, priceIn, ['readUnit', 'writeUnit']);
  }
  if (json.fargateHour !== undefined) {
    map('fargateHour', json.fargateHour, (w, _arch, v) => map(w, v, priceIn, ['vcpu', 'gb']), ['x86_64', 'arm64']);
  }
  if (problems.length > 0) {
    throw new CliError(`--prices: '${file}' is not a price table:\n  ${problems.join('\n  ')}`, EXIT.USAGE);
  }
  const table = json as unknown as PriceTable;
  return { ...table, asOf: table.asOf ?? 'undated', region: table.region ?? 'unknown Region', source: table.source ?? file };
}
