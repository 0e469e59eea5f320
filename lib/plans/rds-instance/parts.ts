import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { TimelineStep } from '../../event/timeline-step';
import { RdsPlanInputs, RdsPlanParts } from './options';

/** A ModifyDBInstance storage request: the current size with the IOPS/throughput to set. */
export function storageInput(p: RdsPlanInputs, iops: number | undefined, throughput: number | undefined): { [key: string]: any } {
  const input: { [key: string]: any } = { AllocatedStorage: p.db.allocatedStorageGiB };
  if (iops !== undefined) {
    input.Iops = iops;
  }
  if (throughput !== undefined) {
    input.StorageThroughput = throughput;
  }
  return input;
}

/** The event replicas' class: `eventReplicaInstanceType`, else the always-on replicas'. */
export function eventReplicaClass(p: RdsPlanInputs): string {
  const type = p.options.eventReplicaInstanceType;
  return type ? `db.${type}` : p.db.replicaInstanceClass;
}

/** The primary's class at a step: the ladder entry for its ramp fraction. */
export function classAt(p: RdsPlanParts, step: TimelineStep): string {
  const ladder = p.ladder;
  const index = Math.round(step.rampFraction * (ladder.length - 1));
  return ladder[index].name;
}

/** An event replica's identifier: `<instance>-<event>-r<n>`, in another Region `<instance>-<event>-<region>-r<n>`. */
export function eventReplicaName(instance: string, eventName: string, index: number, region?: string): string {
  return `${instance}-${eventName}${region ? `-${region}` : ''}-r${index}`;
}

/** The always-on replicas' identifiers, then the event's. */
export function replicaIds(p: RdsPlanInputs, eventName: string): string[] {
  const count = p.options.eventReplicas ?? 0;
  return [...p.db.replicaIdentifiers,
    ...Array.from({ length: count }, (_, i) => p.db.eventReplicaIdentifier(eventName, i + 1))];
}

/** A metric of the primary. */
export function primaryMetric(p: RdsPlanInputs, metricName: string, statistic: string): cloudwatch.Metric {
  return p.db.metric(metricName, { statistic });
}

/** A storage setting as the plan writes it: `12000 IOPS / 500 MiB/s`. */
export function storageText(iops: number, throughput: number): string {
  return `${iops} IOPS / ${throughput} MiB/s`;
}
