import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { isWholeNumber } from '../../private/plan-helpers';
import {
  Bound, compareSizes, gp3Problems, halvingLadder, HOT_STANDBY_PARAMETERS, hotStandbyValue, MAX_RDS_READ_REPLICAS, memoryGiB,
  parseInstanceClass, RdsInstanceClass,
} from '../../private/rds-instance-classes';
import { checkDuration, checkNumber, LEAD_TIME } from '../../private/validate';
import { ValidationError } from '../../private/validation-error';
import { EventReplicasInRegion, MAX_CROSS_REGION_REPLICAS, MAX_INSTANCE_IDENTIFIER, RdsPlanInputs, STORAGE_COOLDOWN } from './options';
import { eventReplicaClass } from './parts';

/** Checks the options against the instance; returns the class ladder (peak first, everyday last). */
export function validatePlan(p: RdsPlanInputs): RdsInstanceClass[] {
  const problems: string[] = [];
  const ladder = ladderOf(p, problems);
  problems.push(...optionProblems(p, ladder));
  ValidationError.throwIfAny(`${p.db.subject} (tier '${p.tierName}')`, problems, p.db.construct);
  return ladder;
}

/** The class ladder the options give (peak first, everyday last); its problems go to `problems`. */
function ladderOf(p: RdsPlanInputs, problems: string[]): RdsInstanceClass[] {
  const o = p.options;
  const tier = p.db;
  const baseline = parseInstanceClass(tier.instanceClass)!;
  let ladder: RdsInstanceClass[] = [baseline];
  if (o.peakInstanceType) {
    const peak = parseInstanceClass(o.peakInstanceType.toString());
    if (!peak) {
      problems.push(`peakInstanceType db.${o.peakInstanceType} is not offered by ${tier.engineLabel}`);
    } else if (peak.family !== baseline.family) {
      problems.push(`peakInstanceType ${peak.name} is from another family than the everyday ${baseline.name}; `
        + 'a class change within the family keeps the same engine build and storage behaviour');
    } else if (compareSizes(peak.size, baseline.size) < 0) {
      problems.push(`peakInstanceType ${peak.name} is smaller than the everyday ${baseline.name}`);
    } else if (o.instanceClassLadder) {
      const given = o.instanceClassLadder.map((t) => ({ text: `db.${t}`, parsed: parseInstanceClass(t.toString()) }));
      let previous = peak;
      for (const step of given) {
        if (!step.parsed) {
          problems.push(`instanceClassLadder: ${step.text} is not offered by ${tier.engineLabel}`);
        } else if (step.parsed.family !== peak.family) {
          problems.push(`instanceClassLadder: ${step.text} is from another family than ${peak.name}`);
        } else if (compareSizes(step.parsed.size, previous.size) >= 0 || compareSizes(step.parsed.size, baseline.size) <= 0) {
          problems.push(`instanceClassLadder: ${step.text} must be smaller than ${previous.name} and larger than the `
            + `everyday ${baseline.name} (largest first)`);
        } else {
          previous = step.parsed;
        }
      }
      ladder = [peak, ...given.map((g) => g.parsed!).filter(Boolean), baseline];
    } else {
      ladder = halvingLadder(peak, baseline);
    }
  } else if (o.instanceClassLadder) {
    problems.push('instanceClassLadder needs peakInstanceType');
  }
  return ladder;
}

/** The event options' other problems: replicas, storage, durations, thresholds, the hot-standby rule. */
function optionProblems(p: RdsPlanInputs, ladder: RdsInstanceClass[]): string[] {
  const o = p.options;
  const tier = p.db;
  const problems: string[] = [];
  const count = o.eventReplicas ?? 0;
  if (!isWholeNumber(count) || count < 0) {
    problems.push(`eventReplicas must be a whole number of at least 0, got ${count}`);
  } else if (tier.replicaIdentifiers.length + count + elsewhereCount(p) > MAX_RDS_READ_REPLICAS) {
    const total = tier.replicaIdentifiers.length + count + elsewhereCount(p);
    problems.push(`${tier.replicaIdentifiers.length} everyday replicas + ${count} event replicas`
      + `${elsewhereCount(p) > 0 ? ` + ${elsewhereCount(p)} in other Regions` : ''} = ${total}, more than the `
      + `${MAX_RDS_READ_REPLICAS} read replicas ${tier.engineLabel} allows`);
  }
  if (o.eventReplicaInstanceType && !parseInstanceClass(o.eventReplicaInstanceType.toString())) {
    problems.push(`eventReplicaInstanceType db.${o.eventReplicaInstanceType} is not offered by ${tier.engineLabel}`);
  }
  if (o.peakIops !== undefined || o.peakStorageThroughput !== undefined) {
    problems.push(...gp3Problems({ iops: 'peakIops', throughput: 'peakStorageThroughput' }, tier.allocatedStorageGiB,
      o.peakIops, o.peakStorageThroughput));
    // gp3 from 400 GiB includes 12,000 IOPS and 500 MiB/s. Below 400 GiB the size is the
    // one problem: comparing with an everyday figure that size cannot have would contradict it.
    const sized = tier.allocatedStorageGiB >= 400;
    const everydayIops = tier.iops ?? 12000;
    const everydayThroughput = tier.storageThroughput ?? 500;
    if (sized && o.peakIops !== undefined && o.peakIops <= everydayIops) {
      problems.push(`peakIops (${o.peakIops}) must be above the everyday ${everydayIops}: storage is raised before `
        + 'the event, never lowered during it');
    }
    if (sized && o.peakStorageThroughput !== undefined && o.peakStorageThroughput <= everydayThroughput) {
      problems.push(`peakStorageThroughput (${o.peakStorageThroughput}) must be above the everyday ${everydayThroughput}`);
    }
  } else if (o.restoreStorageAfterEvent) {
    problems.push('restoreStorageAfterEvent needs peakIops or peakStorageThroughput');
  }
  // RDS blocks storage changes for 6 hours after one.
  checkDuration(problems, 'storageCooldown', o.storageCooldown,
    { minMs: STORAGE_COOLDOWN.toMilliseconds(), maxMs: 90 * 86400_000, wholeMinutes: true, allowed: 'from 6 hours to 90 days' });
  checkDuration(problems, 'failoverGapAfterEnd', o.failoverGapAfterEnd,
    { minMs: 0, maxMs: 90 * 86400_000, wholeMinutes: true, allowed: 'from 0 to 90 days' });
  checkDuration(problems, 'instanceClassChangeLeadTime', o.instanceClassChangeLeadTime, LEAD_TIME);
  checkDuration(problems, 'replicaCreationLeadTime', o.replicaCreationLeadTime, LEAD_TIME);
  checkDuration(problems, 'storageChangeLeadTime', o.storageChangeLeadTime, LEAD_TIME);
  problems.push(...regionProblems(p));
  if (tier.engine === 'postgres') {
    problems.push(...hotStandbyProblems(p, ladder));
    for (const r of Array.isArray(p.options.eventReplicasIn) ? p.options.eventReplicasIn : []) {
      const cls = r?.instanceType ? parseInstanceClass(r.instanceType.toString()) : parseInstanceClass(eventReplicaClass(p));
      if (!cls || typeof r?.region !== 'string') {
        continue;
      }
      // Created in the Region's default group (the API takes none for PostgreSQL there): not checked, as
      // "Amazon RDS overrides any incompatible parameters on a read replica if they prevent the read
      // replica from starting" (RDS User Guide, read replica configuration with PostgreSQL), and the
      // primary only steps down while the replica exists. The group it is moved to is checked like the
      // same-Region replicas' (its values are what the user asks for).
      if (r.parameterGroupName !== undefined) {
        problems.push(...standbyProblems(p, ladder, [cls], r.parameters ?? {}, ` in ${r.region} (in ${r.parameterGroupName})`));
      }
    }
  }
  checkNumber(problems, 'connectionsAlarmRatio', o.connectionsAlarmRatio, { above: 0, max: 1 });
  checkNumber(problems, 'cpuAlarmThreshold', o.cpuAlarmThreshold, { above: 0, max: 100 });
  checkDuration(problems, 'replicaLagAlarmThreshold', o.replicaLagAlarmThreshold,
    { aboveMs: 0, maxMs: 86400_000, allowed: 'whole milliseconds, more than 0 and at most 24 hours' });
  checkDuration(problems, 'latencyAlarmThreshold', o.latencyAlarmThreshold,
    { aboveMs: 0, maxMs: 3600_000, allowed: 'whole milliseconds, more than 0 and at most 1 hour' });
  return problems;
}

/** Checks what depends on the event's name: the event replicas' identifiers. */
export function validateForEvent(p: RdsPlanInputs, eventName: string): void {
  const count = p.options.eventReplicas ?? 0;
  const names = [count > 0 ? p.db.eventReplicaIdentifier(eventName, count) : '',
    ...(p.options.eventReplicasIn ?? []).map((r) => p.db.eventReplicaIdentifier(eventName, r.count, r.region))];
  const longest = names.reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length > MAX_INSTANCE_IDENTIFIER) {
    throw new ValidationError(`${p.db.subject} (tier '${p.tierName}'): event replica identifier '${longest}' is `
      + `${longest.length} characters; RDS allows ${MAX_INSTANCE_IDENTIFIER}. Use a shorter instanceIdentifier or event name.`,
    p.db.construct);
  }
}

/** How many event replicas the options put in other Regions. */
function elsewhereCount(p: RdsPlanInputs): number {
  const given = p.options.eventReplicasIn;
  return Array.isArray(given) ? given.reduce((n, r) => n + (isWholeNumber(r?.count) ? r.count : 0), 0) : 0;
}

/** What is wrong with the event replicas in other Regions (API reference, CreateDBInstanceReadReplica). */
function regionProblems(p: RdsPlanInputs): string[] {
  const given = p.options.eventReplicasIn;
  if (given === undefined) {
    return [];
  }
  if (!Array.isArray(given)) {
    return [`eventReplicasIn must be a list, got ${String(given)}`];
  }
  const tier = p.db;
  const problems: string[] = [];
  const source = tier.arnStack.region;
  if (Token.isUnresolved(source)) {
    problems.push(`eventReplicasIn: the source's Region must be known at synth (a replica elsewhere names the source by ARN): `
      + `give stack ${tier.arnStack.node.path} env: { region }`);
  }
  if (Token.isUnresolved(tier.instanceIdentifier)) {
    problems.push('eventReplicasIn: the source\'s instance identifier must be known at synth (give instanceIdentifier)');
  }
  if (tier.defaultParameterGroupName === 'unknown') {
    problems.push('eventReplicasIn: the engine version must be known (it names the default option and parameter groups '
      + 'in the other Regions): give the instance\'s engine with its version');
  }
  const seen = new Set<string>();
  given.forEach((r, i) => problems.push(...entryProblems(p, r, `eventReplicasIn[${i}]`, seen)));
  const elsewhere = elsewhereCount(p);
  if (elsewhere > MAX_CROSS_REGION_REPLICAS) {
    problems.push(`eventReplicasIn: ${elsewhere} replicas in other Regions; RDS can't guarantee more than `
      + `${MAX_CROSS_REGION_REPLICAS} cross-Region read replicas of one source (its VPC's network ACL entries)`);
  }
  return problems;
}

/** What is wrong with one entry of eventReplicasIn; `seen` collects the Regions of the entries before it. */
function entryProblems(p: RdsPlanInputs, r: EventReplicasInRegion, at: string, seen: Set<string>): string[] {
  if (typeof r !== 'object' || r === null) {
    return [`${at} must be an object with region, count, subnetGroup and securityGroups, got ${String(r)}`];
  }
  const tier = p.db;
  const source = tier.arnStack.region;
  const problems: string[] = [];
  const region = r.region;
  const known = typeof region === 'string' && !Token.isUnresolved(region) && RegionInfo.regions.some((k) => k.name === region);
  if (!known) {
    problems.push(`${at}.region must be an AWS Region's name such as 'eu-west-1', got '${String(region)}'`);
  } else if (region === source) {
    problems.push(`${at}.region is ${region}, the source's own Region: use eventReplicas for replicas there`);
  } else if (seen.has(region)) {
    problems.push(`${at}.region ${region} is listed twice; give its replicas in one entry`);
  } else if (RegionInfo.get(region).partition !== 'aws' || (!Token.isUnresolved(source) && RegionInfo.get(source).partition !== 'aws')) {
    problems.push(`${at}.region ${region}: replicas across Regions are planned in the commercial partition only (aws); in `
      + 'GovCloud (US) and China the call needs a presigned URL from the source Region, which a schedule cannot sign');
  }
  seen.add(region);
  if (!isWholeNumber(r.count) || r.count < 1) {
    problems.push(`${at}.count must be a whole number of at least 1, got ${r.count}`);
  }
  if (!r.subnetGroup) {
    problems.push(`${at}.subnetGroup is required: a DB subnet group in ${region}`);
  }
  if (!Array.isArray(r.securityGroups) || r.securityGroups.length === 0) {
    problems.push(`${at}.securityGroups are required (without them RDS gives a replica the default security group of the VPC)`);
  } else if (r.securityGroups.some((g) => typeof g?.securityGroupId !== 'string')) {
    problems.push(`${at}.securityGroups must all be security groups (ec2.ISecurityGroup), got ${r.securityGroups.map(String).join(', ')}`);
  }
  if (r.instanceType && !parseInstanceClass(r.instanceType.toString())) {
    problems.push(`${at}.instanceType db.${r.instanceType} is not offered by ${tier.engineLabel}`);
  }
  if (r.parameters !== undefined && r.parameterGroupName === undefined) {
    problems.push(`${at}.parameters needs parameterGroupName: they are the values that group sets`);
  }
  checkDuration(problems, `${at}.creationLeadTime`, r.creationLeadTime, LEAD_TIME);
  if (tier.storageEncrypted === true && !r.storageEncryptionKey) {
    problems.push(`${at}.storageEncryptionKey is required: the source is encrypted, and a replica in ${region} needs a KMS key `
      + 'of that Region (keys never leave their Region)');
  } else if (tier.storageEncrypted === false && r.storageEncryptionKey) {
    problems.push(`${at}.storageEncryptionKey: the source is not encrypted, and RDS cannot make an encrypted replica of it`);
  } else if (tier.storageEncrypted === undefined && !r.storageEncryptionKey) {
    problems.push(`${at}: whether the source is encrypted is not known; give the instance's storageEncrypted (and, if it is, `
      + 'storageEncryptionKey here)');
  }
  return known ? [...problems, ...elsewhereResourceProblems(r, at)] : problems;
}

/** What an entry gives that is of another Region than its own (a literal ARN's, or a deploy-time value's stack's). */
function elsewhereResourceProblems(r: EventReplicasInRegion, at: string): string[] {
  const groups = Array.isArray(r.securityGroups) ? r.securityGroups.filter((g) => typeof g?.securityGroupId === 'string') : [];
  const parts: Array<[string, IConstruct | undefined, string | undefined]> = [
    ['storageEncryptionKey', r.storageEncryptionKey, r.storageEncryptionKey?.keyArn],
    ['subnetGroup', r.subnetGroup, r.subnetGroup?.subnetGroupName],
    ...groups.map((g, j): [string, IConstruct, string] => [`securityGroups[${j}]`, g, g.securityGroupId]),
    // IAM is global, but a role's ARN known only at deploy time is a value of its stack's Region.
    ['monitoringRole', r.monitoringRole, r.monitoringRole?.roleArn],
  ];
  return parts.flatMap(([name, construct, value]) => {
    const where = construct && regionOf(construct, value);
    return where === undefined || where === r.region ? [] : [`${at}.${name} is ${where === 'unknown'
      ? 'a deploy-time value of an environment-agnostic stack' : `in ${where}`}, not ${r.region}: give one of ${r.region} (a resource `
      + `of a stack there, or imported by its literal name or ARN${name === 'monitoringRole' ? ': iam.Role.fromRoleArn' : ''})`];
  });
}

/**
 * The Region a resource given for another Region is in: a literal ARN's (none for a literal name,
 * or a global ARN: it could be in any Region), else (a value known at deploy time) its stack's,
 * `unknown` for an environment-agnostic one.
 */
function regionOf(construct: IConstruct, value: string | undefined): string | undefined {
  if (value !== undefined && !Token.isUnresolved(value)) {
    return /^arn:[^:]+:[^:]+:([^:]+):/.exec(value)?.[1] || undefined;
  }
  const region = Stack.of(construct).region;
  return Token.isUnresolved(region) ? 'unknown' : region;
}

/**
 * A PostgreSQL hot standby pauses replay while any of its hot-standby settings is below the
 * primary's. The primary takes every class of the ladder; the replicas keep theirs.
 */
function hotStandbyProblems(p: RdsPlanInputs, ladder: RdsInstanceClass[]): string[] {
  const o = p.options;
  const tier = p.db;
  const replicaClasses = new Set<string>();
  if (tier.replicaIdentifiers.length > 0) {
    replicaClasses.add(tier.replicaInstanceClass);
  }
  if ((o.eventReplicas ?? 0) > 0) {
    replicaClasses.add(eventReplicaClass(p));
  }
  const replicas = [...replicaClasses].map((c) => parseInstanceClass(c)).filter((c): c is RdsInstanceClass => !!c);
  return standbyProblems(p, ladder, replicas, tier.parameters, '');
}

/** The hot-standby rule for replicas of the given classes and parameters (`where` they are, for the message). */
function standbyProblems(p: RdsPlanInputs, ladder: RdsInstanceClass[], replicas: RdsInstanceClass[],
  replicaParameters: { [name: string]: string }, where: string): string[] {
  const tier = p.db;
  if (replicas.length === 0) {
    return [];
  }
  const problems: string[] = [];
  for (const name of HOT_STANDBY_PARAMETERS) {
    const unreadable = ladder.some((c) => hotStandbyValue(name, c, tier.parameters) === undefined) ? tier.parameters[name]
      : replicas.some((c) => hotStandbyValue(name, c, replicaParameters) === undefined) ? replicaParameters[name] : undefined;
    if (unreadable !== undefined) {
      problems.push(`parameter ${name} is '${unreadable}'${where}, which cannot be checked against the hot-standby `
        + 'rule (a replica\'s value must be at least the primary\'s at every class): set it to a number');
      continue;
    }
    // A memory-derived value (max_connections from the default formula) is known only between
    // bounds, DBInstanceClassMemory being less than the class's memory: a replica is surely high
    // enough when it is of the primary's family with at least its memory (the formula grows with
    // it), or when its lowest value reaches the primary's highest. Other values are exact.
    const primary = (c: RdsInstanceClass, bound: Bound) => hotStandbyValue(name, c, tier.parameters, bound)!;
    const value = (c: RdsInstanceClass, bound: Bound) => hotStandbyValue(name, c, replicaParameters, bound)!;
    const highest = ladder.reduce((a, b) => (primary(b, 'upper') > primary(a, 'upper') ? b : a));
    const top = primary(highest, 'upper');
    const bothDerived = (c: RdsInstanceClass) => value(c, 'lower') !== value(c, 'upper')
      && primary(highest, 'lower') !== primary(highest, 'upper');
    const surelyAsHigh = (c: RdsInstanceClass) => value(c, 'lower') >= top
      || (bothDerived(c) && c.family === highest.family && memoryGiB(c) >= memoryGiB(highest));
    const r = replicas.find((c) => !surelyAsHigh(c));
    if (r) {
      const derived = value(r, 'lower') !== value(r, 'upper');
      problems.push(`${name} would be ${derived ? `as low as ${value(r, 'lower')} (the default formula on the class's memory `
        + 'less what the OS and RDS are taken to keep)' : value(r, 'lower')} on read replicas${where} of class ${r.name} `
        + `but ${derived ? 'up to ' : ''}${top} on the primary at ${highest.name}; a PostgreSQL hot standby pauses replay when `
        + `its value is below the primary's. Pin it in the parameter group (e.g. ${name}: '${top}'; a static parameter: `
        + `instances take it at their next reboot: reboot them before the event) or use replicas of class ${highest.name}`);
    }
  }
  return problems;
}
