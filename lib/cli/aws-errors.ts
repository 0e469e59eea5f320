/**
 * AWS's errors in the user's terms, and the Region checked before any call. No AWS SDK here: the
 * CLI's front door (help, usage errors, `plan`) loads this without the SDK.
 */
import { CliError } from './assembly';
import { EXIT } from './io';

/** The read-only permissions `check` needs (`cloudformation:GetTemplate` only with `--stack`). */
export const CHECK_PERMISSIONS = [
  'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'scheduler:ListSchedules', 'scheduler:GetSchedule',
  'rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'dynamodb:DescribeTable', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes',
  'application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingActivities',
  'lambda:GetProvisionedConcurrencyConfig', 'ecs:DescribeServices', 'cloudformation:DescribeStackResource',
  'states:ListStateMachines', 'states:ListExecutions', 'states:DescribeExecution', 'cloudformation:GetTemplate',
];

/**
 * The read-only permissions `review` needs (`cloudformation:DescribeStackResource` to find the
 * scalable targets whose activities time the scale-ups; `cloudformation:GetTemplate` only with
 * `--stack`).
 */
export const REVIEW_PERMISSIONS = [
  'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:DescribeAlarmHistory', 'rds:DescribeDBClusters', 'rds:DescribeEvents',
  'application-autoscaling:DescribeScalingActivities', 'cloudformation:DescribeStackResource', 'cloudformation:GetTemplate',
];

/**
 * The shape of every AWS Region name in every partition: a 2-4 letter area, then words, then a
 * number (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`, `eusc-de-east-1`).
 * Permissive on purpose: a new Region must not be refused; one that does not exist fails at
 * the network, with a message that says so.
 */
const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]{2,}){1,3}-\d{1,2}$/;

/**
 * The Region, checked for its shape before any call (`eu-west`, `us-east-1a`, `EU-WEST-1` are
 * usage errors naming the fix), or undefined to leave it to the SDK's configuration.
 * @param source where it came from: `--region`, or the environment variable's name
 */
export function checkedRegion(region: string | undefined, source: string): string | undefined {
  if (region === undefined || REGION_SHAPE.test(region)) {
    return region;
  }
  const fail = (why: string) => new CliError(`${source} '${region}' is not an AWS Region name: ${why}`, EXIT.USAGE, 'USAGE');
  const az = /^([a-z]{2,4}(?:-[a-z]{2,}){1,3}-\d{1,2})[a-z]$/.exec(region.trim().toLowerCase());
  if (az) {
    throw fail(`that is an Availability Zone; its Region is ${az[1]}.`);
  }
  const normal = region.trim().toLowerCase().replace(/_/g, '-');
  if (REGION_SHAPE.test(normal)) {
    throw fail(`Region names are lower case, with hyphens: did you mean ${normal}?`);
  }
  throw fail('Region names look like us-east-1, eu-west-1, ap-southeast-2, us-gov-west-1 or cn-north-1.');
}

/** Node's codes for a request that never reached AWS, in words. */
const NETWORK_CODES: { [code: string]: string } = {
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up (DNS did not answer)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNABORTED: 'the connection was aborted',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection failed',
};

/** Where the failing request went, from Node's error: the host it looked up, or the address it called. */
function endpointOf(e: { hostname?: string; address?: string; port?: number; errors?: unknown[] }): string | undefined {
  if (e.hostname) {
    return e.hostname;
  }
  const first = e.address ? e : (e.errors?.[0] as { address?: string; port?: number } | undefined);
  return first?.address ? `${first.address}${first.port ? `:${first.port}` : ''}` : undefined;
}

/** Where the CLI was talking to, for the message: the Region and any endpoint override. */
export interface AwsContext {
  readonly region?: string;
  /** AWS_ENDPOINT_URL, when set: the SDK sends every request there. */
  readonly endpointUrl?: string;
  /** The command, for the messages (default: `check`). */
  readonly command?: 'check' | 'review';
}

/**
 * A network failure (the request never reached AWS, or no answer came back) in a sentence that
 * names the Region and the endpoint and says what to check; undefined for any other error.
 */
function networkError(error: unknown, context: AwsContext): CliError | undefined {
  const e = error as { name?: string; code?: string; message?: string; hostname?: string; address?: string; port?: number; errors?: unknown[] };
  const code = e.code ?? (e.errors?.[0] as { code?: string } | undefined)?.code;
  const tls = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
  const timedOut = e.name === 'TimeoutError' || e.name === 'RequestTimeout';
  if (!(code !== undefined && code in NETWORK_CODES) && !tls && !timedOut) {
    return undefined;
  }
  const region = context.region ? `in Region ${context.region}` : 'in the Region of your AWS configuration';
  const endpoint = endpointOf(e);
  const what = tls ? 'its TLS certificate is not trusted' : code !== undefined && code in NETWORK_CODES ? NETWORK_CODES[code] : 'no answer in time';
  const lines = [`Could not reach AWS ${region}${endpoint ? ` at ${endpoint}` : ''}: ${what} (${code ?? e.name}).`];
  if (context.endpointUrl) {
    lines.push(`AWS_ENDPOINT_URL is set (${context.endpointUrl}): is that endpoint up?`);
  } else if (code === 'ENOTFOUND') {
    lines.push('Is the Region name right (--region, AWS_REGION or your profile\'s region)? If it is, check this machine\'s DNS, '
      + 'network and proxy.');
  } else if (tls) {
    lines.push('Behind a proxy that inspects TLS, give Node its certificate authority with NODE_EXTRA_CA_CERTS=FILE.');
  } else {
    lines.push('Check this machine\'s network connection, firewall and proxy, then try again.');
  }
  return new CliError(lines.join(' '), EXIT.FAILED, 'NETWORK');
}

/** A CliError in the user's terms for the errors a check commonly meets. */
export function explain(error: unknown, context: AwsContext = {}): Error {
  if (error instanceof CliError) {
    return error;
  }
  const network = networkError(error, context);
  if (network) {
    return network;
  }
  const e = error as { name?: string; message?: string };
  const command = context.command ?? 'check';
  const permissions = command === 'review' ? REVIEW_PERMISSIONS : CHECK_PERMISSIONS;
  switch (e.name) {
    case 'CredentialsProviderError':
      return new CliError('No AWS credentials found: set AWS_PROFILE or pass --profile, or configure credentials '
        + '(environment, SSO or instance role).', EXIT.FAILED, 'NO_CREDENTIALS');
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return new CliError('The AWS credentials have expired: sign in again (e.g. aws sso login).', EXIT.FAILED, 'EXPIRED_CREDENTIALS');
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new CliError(`Access denied: the ${command} needs ${permissions.join(', ')}. (${e.message})`, EXIT.FAILED, 'ACCESS_DENIED');
    case 'Throttling':
    case 'ThrottlingException':
      return new CliError(`AWS kept throttling the ${command} after retries; try again in a minute.`, EXIT.FAILED, 'THROTTLED');
    default:
      return new CliError(`The ${command} failed: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, EXIT.FAILED, 'AWS_ERROR');
  }
}
