import { Duration, Token } from 'aws-cdk-lib';

import { MAX_ACU } from '../private/limits';
import { checkDuration } from '../private/validate';

/**
 * An Aurora Serverless v2 capacity range: minimum and maximum ACUs per instance, in 0.5
 * steps, and (with a minimum of 0) how long an idle instance waits before it pauses.
 * A value; `AuroraServerlessTier` validates it against its engine.
 */
export class AcuRange {
  /** The largest Aurora Serverless v2 capacity, in ACUs. */
  public static readonly MAX_ACU = MAX_ACU;

  /** A range: min 0–256 (0 pauses after 5 minutes idle), max 1–256, min ≤ max, in 0.5 steps. */
  public static between(minCapacity: number, maxCapacity: number): AcuRange {
    return new AcuRange(minCapacity, maxCapacity, minCapacity === 0 ? Duration.minutes(5) : undefined);
  }

  /**
   * A range with a minimum of 0: the instance pauses after `pauseAfter` idle
   * (300 s – 24 h) and resumes in about 15 s on the next connection.
   * @param pauseAfter @default Duration.minutes(5)
   */
  public static autoPausing(maxCapacity: number, pauseAfter?: Duration): AcuRange {
    return new AcuRange(0, maxCapacity, pauseAfter ?? Duration.minutes(5));
  }

  /** Minimum ACUs (0 pauses). */
  public readonly minCapacity: number;
  /** Maximum ACUs. */
  public readonly maxCapacity: number;
  /** Idle time before pausing; set only when minCapacity is 0. */
  public readonly autoPauseAfter?: Duration;

  private constructor(minCapacity: number, maxCapacity: number, autoPauseAfter: Duration | undefined) {
    this.minCapacity = minCapacity;
    this.maxCapacity = maxCapacity;
    this.autoPauseAfter = autoPauseAfter;
  }

  /** True when the range pauses (minimum 0). */
  public get pauses(): boolean {
    return this.minCapacity === 0;
  }

  /** `0.5–16 ACU`, or `0–16 ACU, pauses after 5 minutes`. */
  public toString(): string {
    return `${this.minCapacity}-${this.maxCapacity} ACU`
      + (this.autoPauseAfter ? `, pauses after ${this.autoPauseAfter.toHumanString()}` : '');
  }

  /**
   * Every rule the range breaks, worded for an error message; empty when valid.
   * Unresolved tokens are skipped.
   * @internal
   */
  public _problems(label: string, pauseSupported: boolean, maxAcu: number = MAX_ACU, engine: string = ''): string[] {
    const problems: string[] = [];
    const { minCapacity: min, maxCapacity: max } = this;
    const halfStep = (n: number) => Number.isFinite(n) && Number.isInteger(n * 2);
    if (!Token.isUnresolved(min) && (!halfStep(min) || min < 0 || min > MAX_ACU)) {
      problems.push(`${label} minimum must be 0-${MAX_ACU} ACU in steps of 0.5, got ${min}`);
    }
    if (!Token.isUnresolved(max) && (!halfStep(max) || max < 1 || max > MAX_ACU)) {
      problems.push(`${label} maximum must be 1-${MAX_ACU} ACU in steps of 0.5, got ${max}`);
    } else if (!Token.isUnresolved(max) && max > maxAcu) {
      problems.push(`${label} maximum ${max} ACU is above the ${maxAcu} ACU that ${engine || 'this engine version'} allows; `
        + '256 ACU needs Aurora PostgreSQL 16.1+, 15.5+, 14.10+ or 13.13+ (or 17), or Aurora MySQL 3.06+');
    }
    if (!Token.isUnresolved(min) && !Token.isUnresolved(max) && min > max) {
      problems.push(`${label} minimum (${min}) must not exceed its maximum (${max})`);
    }
    if (min === 0 && !pauseSupported) {
      problems.push(`${label} minimum 0 (auto-pause) needs an engine that supports it (Aurora PostgreSQL 16.3+, `
        + `15.7+, 14.12+, 13.15+, or 17; Aurora MySQL 3.08+)${engine ? `, not ${engine}` : ''}; use a minimum of at least 0.5 or a newer engine`);
    }
    // RDS takes SecondsUntilAutoPause in whole seconds, 300 to 86,400.
    const pause = this.autoPauseAfter;
    if (pause && !pause.isUnresolved()) {
      checkDuration(problems, `${label} auto-pause delay`, pause,
        { minMs: 300_000, maxMs: 86400_000, stepMs: 1000, allowed: 'whole seconds from 300 s to 24 h' });
    }
    return problems;
  }
}
