/** Numbers the library encodes (AWS limits and defaults, late 2026). Public through class statics. */

/** The most ramp-down steps an event may have. */
export const MAX_RAMP_DOWN_STEPS = 24;
/** The longest event, pre-warm lead or ramp-down, in days. */
export const MAX_WINDOW_DAYS = 90;
/** The context key that fixes the readiness construct's clock. */
export const NOW_CONTEXT_KEY = 'cdk-event-readiness:now';
/** The key prefix of the event plan in the readiness stack's template Metadata. */
export const PLAN_METADATA_PREFIX = 'cdk-event-readiness/plan/';
/** The version of the plan document's shape. */
export const PLAN_SCHEMA_VERSION = 2;
/** The default per-table throughput quota (request units per second). */
export const DEFAULT_TABLE_THROUGHPUT_QUOTA = 40000;
/** What an on-demand table serves per second from creation. */
export const ON_DEMAND_INITIAL_READS = 12000;
export const ON_DEMAND_INITIAL_WRITES = 4000;
/** Aurora PostgreSQL allows at most this many readers per cluster. */
export const MAX_AURORA_READERS = 15;
/** The largest Aurora Serverless v2 capacity, in ACUs. */
export const MAX_ACU = 256;

/** EventReadiness's default maximum event age of a scheduled change (minutes). */
export const DEFAULT_MAXIMUM_EVENT_AGE_MINUTES = 15;
