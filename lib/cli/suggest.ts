/**
 * "Did you mean …?" for a mistyped command or option: the known words nearest to what was
 * typed, by edit distance, only when they are close.
 */

/** The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) {
    d[0][j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The known words nearest to `typed` (dashes and case aside): those within an edit or two (one
 * for words up to 5 letters), or the only one `typed` begins (`--ev`, `-e` for `--event`). Empty when
 * nothing is close: a suggestion far off is worse than none.
 */
export function nearest(typed: string, known: readonly string[]): string[] {
  const bare = (w: string) => w.replace(/^-+/, '').toLowerCase();
  const word = bare(typed);
  if (word === '') {
    return [];
  }
  const exact = known.filter((k) => bare(k) === word);
  if (exact.length > 0) {
    return exact;
  }
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  const scored = known.map((k) => ({ k, d: editDistance(word, bare(k)) })).filter((x) => x.d <= limit);
  if (scored.length > 0) {
    const best = Math.min(...scored.map((x) => x.d));
    return scored.filter((x) => x.d === best).map((x) => x.k);
  }
  const prefixed = known.filter((k) => bare(k).startsWith(word));
  return prefixed.length === 1 ? prefixed : [];
}

/** ` Did you mean --event?` (or `--a or --b?`), or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const near = nearest(typed, known);
  return near.length === 0 ? '' : ` Did you mean ${near.join(' or ')}?`;
}
