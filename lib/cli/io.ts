/** What a CLI command may touch, so commands are testable without a process. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** True when standard output is a terminal (colour, progress). */
  readonly isTty: boolean;
  /** The environment (NO_COLOR, AWS_REGION, …). */
  readonly env: { [name: string]: string | undefined };
  /** The clock. */
  readonly now: () => Date;
  /** Writes a file (for --svg). */
  readonly writeFile: (path: string, content: string) => void;
}

/** Exit codes of the CLI. */
export const EXIT = {
  READY: 0,
  AT_RISK: 1,
  NOT_READY: 2,
  FAILED: 3,
  USAGE: 64,
} as const;

/** ANSI colours, only on a terminal and never with NO_COLOR set. */
export function painter(io: CliIo): { [style in 'green' | 'yellow' | 'red' | 'bold' | 'dim']: (s: string) => string } {
  const on = io.isTty && io.env.NO_COLOR === undefined;
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap('32'), yellow: wrap('33'), red: wrap('31'), bold: wrap('1'), dim: wrap('2') };
}

/** Left-aligned columns, padded to the widest cell (ANSI codes not counted). */
export function table(rows: string[][], indent = '  '): string {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visible(cell)); });
  }
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell
    : cell + ' '.repeat(widths[i] - visible(cell)))).join('  ').trimEnd()).join('\n');
}

/** `2 h 15 min`, `45 min`, `30 s`. */
export function duration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.round(seconds));
  if (s < 60) {
    return `${sign}${s} s`;
  }
  s = Math.round(s / 60);
  const d = Math.floor(s / 1440);
  const h = Math.floor((s % 1440) / 60);
  const m = s % 60;
  return sign + [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}
