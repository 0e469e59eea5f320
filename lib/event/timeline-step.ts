/** What a point on an event's timeline is for. */
export enum StepKind {
  /** Capacity is raised ahead of the event (start − prewarm lead). */
  PREWARM = 'PREWARM',
  /** The event starts; everything must be at peak by now. */
  PEAK = 'PEAK',
  /** One step of the gradual return to baseline after the event ends. */
  RAMP_DOWN = 'RAMP_DOWN',
  /** Everything is back at its everyday (baseline) capacity. */
  BASELINE = 'BASELINE',
}

/**
 * One point on an event's timeline: when it is (as a UTC instant and as the event
 * zone's wall-clock time) and how far capacity has come back from peak.
 */
export interface TimelineStep {
  /** Stable identifier: `prewarm`, `peak`, `ramp-down-1` … `ramp-down-N`, `baseline`. */
  readonly id: string;
  /** What the step is for. */
  readonly kind: StepKind;
  /** Position in the timeline, 0 for prewarm. */
  readonly index: number;
  /** 1…N for ramp-down steps, 0 otherwise. */
  readonly rampDownNumber: number;
  /** The instant of the step. */
  readonly instant: Date;
  /** The instant as ISO-8601 UTC, e.g. `2026-07-15T07:00:00Z`. */
  readonly utc: string;
  /** The event zone's wall-clock time, `YYYY-MM-DDTHH:mm:ss`. */
  readonly local: string;
  /** The event zone's offset from UTC at the step, e.g. `-07:00`, `+05:30`. */
  readonly utcOffset: string;
  /**
   * How far capacity has returned from peak to baseline at this step:
   * 0 at prewarm and peak, k/(N+1) at ramp-down k of N, 1 at baseline.
   * Tiers interpolate their setpoints with it.
   */
  readonly rampFraction: number;
}
