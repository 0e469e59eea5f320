/** What a CLI command may touch, so commands are testable without a process. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** True when standard output is a terminal (colour). */
  readonly isTty: boolean;
  /**
   * True when standard error is a terminal (the progress line).
   * @default false
   */
  readonly isErrTty?: boolean;
  /**
   * The terminal's width in columns, when standard output is one: tables are fitted to it.
   * @default - tables at full width
   */
  readonly columns?: number;
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
  /** A bug: an error the CLI has no message for. */
  INTERNAL: 70,
} as const;

/**
 * ANSI colours: on a terminal unless NO_COLOR is set (non-empty, as no-color.org asks), or
 * anywhere with FORCE_COLOR set (non-empty, not '0'). `--no-color` sets NO_COLOR.
 */
export function painter(io: CliIo): { [style in 'green' | 'yellow' | 'red' | 'bold' | 'dim']: (s: string) => string } {
  const set = (name: string) => (io.env[name] ?? '') !== '';
  const on = !set('NO_COLOR') && ((set('FORCE_COLOR') && io.env.FORCE_COLOR !== '0') || io.isTty);
  const style = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: style('32'), yellow: style('33'), red: style('31'), bold: style('1'), dim: style('2') };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/**
 * Left-aligned columns, padded to the widest cell (ANSI codes not counted). Given a width (the
 * terminal's), the widest columns are cut, with '…', until the table fits (no column below 8);
 * the columns in `keep` are never cut.
 */
export function table(rows: string[][], indent = '  ', width?: number, keep: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visible(cell)); });
  }
  const total = () => indent.length + widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (width !== undefined && total() > width) {
    const cuttable = widths.map((w, i) => (keep.includes(i) ? -1 : w));
    const widest = cuttable.indexOf(Math.max(...cuttable));
    if (cuttable[widest] <= 8) {
      break;
    }
    widths[widest]--;
  }
  const fit = (cell: string, w: number) => (visible(cell) <= w ? cell : `${cell.replace(ANSI, '').slice(0, w - 1)}…`);
  return rows.map((row) => indent + row.map((cell, i) => {
    const c = fit(cell, widths[i]);
    return i === row.length - 1 ? c : c + ' '.repeat(widths[i] - visible(c));
  }).join('  ').trimEnd()).join('\n');
}

/** True when every line of the text is at most `width` wide (ANSI codes not counted); always without a width. */
export function fits(text: string, width: number | undefined): boolean {
  return width === undefined || text.split('\n').every((line) => visible(line) <= width);
}

/**
 * A line of prose wrapped at spaces to fit the width (unwrapped without one); its own leading
 * spaces are kept, continuation lines are indented by `indent`. Wrap before colouring.
 */
export function wrap(text: string, width: number | undefined, indent = '    '): string {
  if (width === undefined || text.length <= width) {
    return text;
  }
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  let words = 0;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = words === 0 ? line + word : `${line} ${word}`;
    if (next.length > width && words > 0) {
      lines.push(line);
      line = indent + word;
      words = 1;
    } else {
      line = next;
      words++;
    }
  }
  lines.push(line);
  return lines.join('\n');
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
