/**
 * What a tier is billed by, as its plan knows it: the plan document records it for
 * `event-readiness plan --cost`, which prices the plan's changes with it. Every member is a
 * literal known at synth time, or absent when it is not known (the setting it prices is then
 * shown as unknown, never as free).
 */
export interface TierCostBasis {
  /**
   * RDS: the engine as RDS names it, `postgres` or `mysql`.
   * @default - not an RDS instance
   */
  readonly rdsEngine?: string;
  /**
   * RDS: whether the primary is Multi-AZ (one standby: billed at the Multi-AZ rate).
   * @default - not an RDS instance
   */
  readonly multiAz?: boolean;
  /**
   * RDS: the primary's everyday class, `db.r7g.2xlarge`.
   * @default - not an RDS instance
   */
  readonly instanceClass?: string;
  /**
   * RDS: the class of the event's read replicas (each a Single-AZ instance).
   * @default - the plan adds no replica
   */
  readonly eventReplicaInstanceClass?: string;
  /**
   * RDS: the storage type, `gp3`, `gp2`, `io1` or `io2`.
   * @default - not known
   */
  readonly storageType?: string;
  /**
   * RDS: the allocated storage, GiB (a replica gets as much).
   * @default - not known
   */
  readonly allocatedStorageGiB?: number;
  /**
   * RDS: the everyday provisioned IOPS.
   * @default - gp3's baseline
   */
  readonly iops?: number;
  /**
   * RDS: the everyday gp3 throughput, MiB/s.
   * @default - gp3's baseline
   */
  readonly storageThroughput?: number;
  /**
   * Aurora: the cluster's storage configuration as RDS names it: `aurora` (Standard) or
   * `aurora-iopt1` (I/O-Optimized), which set the price of an ACU-hour.
   * @default - not an Aurora cluster, or not known
   */
  readonly auroraStorageType?: string;
  /**
   * Aurora: the everyday readers; each bills ACUs beside the writer.
   * @default - not an Aurora cluster
   */
  readonly readers?: number;
  /**
   * Lambda: the function's memory, MiB (provisioned concurrency is billed per GB-second).
   * @default - not known
   */
  readonly functionMemoryMiB?: number;
  /**
   * Lambda: the function's architecture as Lambda names it, `x86_64` or `arm64`.
   * @default - not known
   */
  readonly functionArchitecture?: string;
  /**
   * ECS: how the service's tasks are billed: `FARGATE` (per task, by its vCPU and memory),
   * `FARGATE_SPOT`, or `EC2` (by the instances they run on).
   * @default - not an ECS service, or not known (a capacity provider strategy)
   */
  readonly ecsLaunchType?: string;
  /**
   * ECS: a task's CPU units (1024 = 1 vCPU).
   * @default - not known
   */
  readonly taskCpu?: number;
  /**
   * ECS: a task's memory, MiB.
   * @default - not known
   */
  readonly taskMemoryMiB?: number;
  /**
   * ECS: the tasks' CPU architecture, `x86_64` or `arm64`.
   * @default - not known
   */
  readonly taskCpuArchitecture?: string;
  /**
   * ECS: the tasks' operating system family as ECS names it (`LINUX`, `WINDOWS_SERVER_2022_CORE`, …).
   * @default - not known
   */
  readonly taskOperatingSystemFamily?: string;
}
