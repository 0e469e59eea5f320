/**
 * Independent readings of what a synthesized template asks AWS to do, for property tests:
 * they use the platform's time-zone data through a different formatter than the library
 * (`sv-SE` locale strings, brute-force search over offsets), so a bug in the library's
 * zone arithmetic cannot hide behind the same bug here.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of an instant in a zone, `YYYY-MM-DDTHH:mm:ss`, via the `sv-SE` locale. */
export function wallClock(instantMs: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(instantMs)).replace(' ', 'T');
}

/**
 * Every instant at which a zone's clocks show `local` (`YYYY-MM-DDTHH:mm:ss`): found by trying
 * every offset from −14 h to +14 h in 15-minute steps.
 */
export function instantsShowing(local: string, timeZone: string): number[] {
  const asUtc = Date.parse(`${local}Z`);
  const found: number[] = [];
  for (let quarter = -14 * 4; quarter <= 14 * 4; quarter++) {
    const candidate = asUtc - quarter * 15 * 60_000;
    if (wallClock(candidate, timeZone) === local) {
      found.push(candidate);
    }
  }
  return found.sort((a, b) => a - b);
}

/** What a schedule expression `at(...)` with its zone fires at, or a reason it is not one instant. */
export function firesAt(expression: string, timeZone: string | undefined): { instant?: number; problem?: string } {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!m) {
    return { problem: `not an at() expression: ${expression}` };
  }
  const instants = instantsShowing(m[1], timeZone ?? 'UTC');
  if (instants.length !== 1) {
    return { problem: `${expression} in ${timeZone} names ${instants.length} instants` };
  }
  return { instant: instants[0] };
}
