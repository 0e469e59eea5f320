/**
 * Wall-clock arithmetic in IANA time zones, on top of the platform's Intl data.
 * Pure functions; no constructs. Not exported from the package.
 */

/** A local wall-clock time, as its fields. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the platform knows the IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses `YYYY-MM-DDTHH:mm[:ss]` (no offset, no zone) into its fields.
 * Returns undefined when the text is not of that shape or names a day or time that
 * does not exist in the calendar (e.g. 2026-02-30, 24:00).
 */
export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const m = LOCAL_PATTERN.exec(text);
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const asUtc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (asUtc.getUTCFullYear() !== year || asUtc.getUTCMonth() !== month - 1 || asUtc.getUTCDate() !== day
    || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return { year, month, day, hour, minute, second };
}

/** The wall-clock fields of an instant in a zone. */
export function toLocal(instantMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') {
      parts[p.type] = Number(p.value);
    }
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The local fields read as if they were UTC, in epoch milliseconds. */
function wallAsUtcMs(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtcMs(toLocal(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * Every instant at which the zone's clocks show `local`: none inside a
 * spring-forward gap, two inside a fall-back overlap, otherwise one. Sorted.
 */
export function instantsOf(local: LocalDateTime, timeZone: string): number[] {
  const wall = wallAsUtcMs(local);
  const day = 24 * 3600 * 1000;
  // Offsets in force shortly before and after cover any one transition near `local`.
  const offsets = new Set([offsetMs(wall - day, timeZone), offsetMs(wall, timeZone), offsetMs(wall + day, timeZone)]);
  const result = new Set<number>();
  for (const o of offsets) {
    const candidate = wall - o;
    if (wallAsUtcMs(toLocal(candidate, timeZone)) === wall) {
      result.add(candidate);
    }
  }
  return [...result].sort((a, b) => a - b);
}

/** `YYYY-MM-DDTHH:mm:ss`, the form EventBridge Scheduler's `at()` takes. */
export function formatLocal(t: LocalDateTime): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(t.year).padStart(4, '0')}-${p2(t.month)}-${p2(t.day)}T${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`;
}

/** Formats an offset such as `+05:30` or `-08:00`. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60000;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${sign}${p2(Math.floor(minutes / 60))}:${p2(minutes % 60)}`;
}

/** ISO-8601 UTC without milliseconds, e.g. `2026-07-15T07:00:00Z`. */
export function isoUtc(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
