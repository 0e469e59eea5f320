/**
 * The plan chart (`event-readiness plan --svg`): its structure, not its pixels. Lanes per tier
 * and setting, the time axis's range and ticks in the event's zone, integer ticks for counts,
 * the ACU band, labelled instance classes, ready-by marks, no clipped text, no colour needed,
 * the same bytes for the same plan, and the README's chart kept current.
 */
import * as fs from 'fs';
import { EventPlanDocument } from '../lib';
import { renderPlanSvg, textWidth } from '../lib/cli/svg';
import { CHART_FILE, primeDayChart, primeDayPlans } from '../scripts/plan-chart';

const plans = primeDayPlans();
const prime = plans.find((p) => p.eventName === 'prime-day-2027')!;
const friday = plans.find((p) => p.eventName === 'black-friday-2027')!;
const svg = renderPlanSvg([prime]);

/** The attributes and text of every element named `tag` (optionally only those with class `cls`). */
function elements(source: string, tag: string, cls?: string): Array<{ attrs: Record<string, string>; text: string }> {
  const found: Array<{ attrs: Record<string, string>; text: string }> = [];
  // Groups nest: only their opening tags are read.
  const pattern = tag === 'g' ? /<g\b([^>]*)>()/g : new RegExp(`<${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
  for (const m of source.matchAll(pattern)) {
    const attrs = Object.fromEntries([...m[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    if (cls === undefined || attrs.class === cls) {
      found.push({ attrs, text: (m[2] ?? '').replace(/<[^>]+>/g, '') });
    }
  }
  return found;
}

/** The part of the chart that draws one lane. */
function lane(source: string, tier: string, setting: string): string {
  const start = source.indexOf(`<g class="lane" data-tier="${tier}" data-setting="${setting}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return source.slice(start, source.indexOf('</g>', start));
}

const unescape = (t: string) => t.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

describe('one chart per event', () => {
  test('one lane per tier and setting the plan changes, in the plan\'s order', () => {
    expect(elements(svg, 'g').filter((g) => g.attrs.class === 'lane').map((g) => [g.attrs['data-tier'], g.attrs['data-setting'], g.attrs['data-kind']]))
      .toEqual([
        ['catalog', 'provisioned concurrency', 'steps'],
        ['catalog', 'table reads/s', 'steps'],
        ['catalog', 'table writes/s', 'steps'],
        ['orders', 'instance class', 'labels'],
        ['orders', 'storage IOPS', 'steps'],
        ['orders', 'storage MiB/s', 'steps'],
        ['orders', 'event replicas', 'steps'],
        ['profiles', 'ACU range', 'band'],
        ['profiles', 'readers', 'steps'],
      ]);
  });

  test('the time axis spans prewarm and baseline with a margin, ticked at local whole hours with dates', () => {
    // Prewarm 2027-07-13T01:00Z to baseline 2027-07-17T19:00Z: 114 h, a 5-hour margin (4 %) either side.
    const [chart] = elements(svg, 'g').filter((g) => g.attrs.class === 'event');
    expect([chart.attrs['data-from'], chart.attrs['data-to'], chart.attrs['data-zone']])
      .toEqual(['2027-07-12T20:00:00Z', '2027-07-18T01:00:00Z', 'America/Los_Angeles']);
    expect(elements(svg, 'text', 'time').map((t) => t.text)).toEqual(['00:00', '12:00', '00:00', '12:00', '00:00', '12:00', '00:00', '12:00', '00:00', '12:00']);
    expect(elements(svg, 'text', 'date').map((t) => t.text)).toEqual(['Jul 13', 'Jul 14', 'Jul 15', 'Jul 16', 'Jul 17']);
    expect(svg).toContain('times in America/Los_Angeles (UTC-07:00)');
  });

  test('in UTC on request', () => {
    const utc = renderPlanSvg([prime], { timeZone: 'UTC' });
    expect(elements(utc, 'g').find((g) => g.attrs.class === 'event')!.attrs['data-zone']).toBe('UTC');
    expect(elements(utc, 'text', 'date').map((t) => t.text)[0]).toBe('Jul 13');
    expect(elements(utc, 'text', 'time').map((t) => t.text).slice(0, 2)).toEqual(['00:00', '12:00']);
    expect(utc).toContain('times in UTC (UTC)');
  });

  test('every step is marked once; the end shares its label with the step at the same instant', () => {
    expect(elements(svg, 'text', 'step').map((t) => t.text)).toEqual([
      'prewarm', 'start', 'end · ramp-down-1', 'ramp-down-2', 'ramp-down-3', 'baseline',
    ]);
  });

  test('the event window is hatched from the start to the end', () => {
    const [chart] = elements(svg, 'g').filter((g) => g.attrs.class === 'event');
    const t0 = Date.parse(chart.attrs['data-from']);
    const t1 = Date.parse(chart.attrs['data-to']);
    const x = (utc: string) => 96 + ((Date.parse(utc) - t0) / (t1 - t0)) * 984;
    const [rect] = elements(svg, 'rect', 'event-window');
    expect(rect.attrs.fill).toBe('url(#event-window)');
    expect(Number(rect.attrs.x)).toBeCloseTo(x(prime.startUtc), 0);
    expect(Number(rect.attrs.x) + Number(rect.attrs.width)).toBeCloseTo(x(prime.endUtc), 0);
  });

  test('counts get whole-number ticks; other settings 1, 2 or 5 × 10^k', () => {
    for (const [tier, setting, ticks] of [
      ['orders', 'event replicas', ['0', '1', '2', '3']],
      ['profiles', 'readers', ['0', '1', '2', '3']],
      ['catalog', 'provisioned concurrency', ['0', '500', '1000']],
      ['profiles', 'ACU range', ['0', '50', '100', '150']],
      ['catalog', 'table reads/s', ['0', '20k', '40k']],
    ] as const) {
      expect({ setting, ticks: elements(lane(svg, tier, setting), 'text', 'tick').map((t) => t.text) }).toEqual({ setting, ticks });
    }
  });

  test('the ACU range is a band between the minimum and the maximum in force', () => {
    const acu = lane(svg, 'profiles', 'ACU range');
    expect(elements(acu, 'path', 'series').map((p) => p.attrs['data-series'])).toEqual(['max', 'min']);
    expect(elements(acu, 'rect', 'band').length).toBeGreaterThanOrEqual(6);
    expect(elements(acu, 'text', 'series-label').map((t) => t.text)).toEqual(['max', 'min']);
  });

  test('the instance class is drawn as labelled steps, classes ordered by size', () => {
    const classes = lane(svg, 'orders', 'instance class');
    expect(elements(classes, 'text', 'level').map((t) => t.text))
      .toEqual(['db.r7g.2xlarge', 'db.r7g.16xlarge', 'db.r7g.8xlarge', 'db.r7g.4xlarge', 'db.r7g.2xlarge']);
    // The line's levels: up to 16xlarge (the smallest y), then down the ladder to 2xlarge, where it started.
    const [line] = elements(classes, 'path', 'series');
    const levels = [...line.attrs.d.matchAll(/V ([\d.]+)/g)].map((m) => Number(m[1]));
    const first = Number(/^M [\d.]+ ([\d.]+)/.exec(line.attrs.d)![1]);
    expect(levels).toHaveLength(4);
    expect(levels[0]).toBeLessThan(first);
    expect(levels[1]).toBeGreaterThan(levels[0]);
    expect(levels[2]).toBeGreaterThan(levels[1]);
    expect(levels[3]).toBe(first);
  });

  test('warm throughput and the cost cap share a lane per side, the cap dashed and both named', () => {
    const flash: EventPlanDocument = JSON.parse(JSON.stringify(prime));
    const catalog = flash.tiers.find((t) => t.name === 'catalog')!;
    (catalog.changes as any[]).push({
      ...catalog.changes[0], setting: 'table cost cap', before: 'read 5000/s', after: 'read 45000/s', afterValue: undefined,
      mechanism: 'SCHEDULER_UNIVERSAL_TARGET', action: 'dynamodb:updateTable', leadTimeSeconds: 300,
    });
    const reads = lane(renderPlanSvg([flash]), 'catalog', 'table reads/s');
    const series = elements(reads, 'path', 'series');
    expect(series.map((p) => [p.attrs['data-series'], p.attrs['stroke-dasharray']])).toEqual([['warm', undefined], ['cap', '6,3']]);
    expect(elements(reads, 'text', 'series-label').map((t) => t.text)).toEqual(['warm', 'cap']);
  });

  test('a ready-by mark per scale-up; one that lands after the start is right of it and says LATE', () => {
    const ups = prime.tiers.flatMap((t) => t.changes).filter((c) => c.direction === 'SCALE_UP');
    const marks = elements(svg, 'path', 'ready-by');
    // Warm throughput's mark is drawn in both of the table's lanes (reads, writes), the storage
    // raise's in both of its own (IOPS, MiB/s).
    expect(marks).toHaveLength(ups.length + 2);
    expect(marks.every((m) => m.attrs['data-late'] === 'false')).toBe(true);
    expect(svg).not.toContain('LATE');

    const late: EventPlanDocument = JSON.parse(JSON.stringify(prime));
    const change = late.tiers.find((t) => t.name === 'profiles')!.changes[0] as any;
    change.leadTimeSeconds = 8 * 3600; // fires at prewarm, 6 h before the start
    const drawn = renderPlanSvg([late]);
    const lateMarks = elements(lane(drawn, 'profiles', 'ACU range'), 'path', 'ready-by');
    expect(lateMarks.map((m) => m.attrs['data-late'])).toEqual(['true']);
    expect(elements(lane(drawn, 'profiles', 'ACU range'), 'text', 'late').map((t) => t.text)).toEqual(['LATE']);
  });
});

describe('several events', () => {
  const both = renderPlanSvg([friday, prime]);

  test('an overview of every event\'s window comes first, then one chart per event, in time order', () => {
    expect(elements(both, 'rect', 'overview-event').map((r) => r.attrs['data-event'])).toEqual(['prime-day-2027', 'black-friday-2027']);
    expect(elements(both, 'g').filter((g) => g.attrs.class === 'event').map((g) => g.attrs['data-event']))
      .toEqual(['prime-day-2027', 'black-friday-2027']);
    expect(elements(both, 'g').filter((g) => g.attrs.class === 'event').map((g) => g.attrs['data-zone']))
      .toEqual(['America/Los_Angeles', 'America/New_York']);
    expect(elements(both, 'text', 'date').map((t) => t.text)).toEqual(expect.arrayContaining(['Aug 2027', 'Nov 2027']));
  });

  test('Black Friday has no warm-throughput lane: Prime Day\'s raise covers it', () => {
    const chart = both.slice(both.indexOf('<g class="event" data-event="black-friday-2027"'));
    expect(chart).toContain('data-setting="provisioned concurrency"');
    expect(chart).not.toContain('data-setting="table reads/s"');
  });
});

describe('readable, everywhere', () => {
  const charts = [svg, renderPlanSvg([friday, prime]), renderPlanSvg([prime], { timeZone: 'Asia/Kathmandu' })];

  test('no text runs off the chart (widths estimated generously)', () => {
    for (const chart of charts) {
      const [width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(chart)!.slice(1).map(Number);
      for (const t of elements(chart, 'text')) {
        const size = Number(t.attrs['font-size'] ?? 12);
        const w = textWidth(unescape(t.text), size);
        const x = Number(t.attrs.x);
        const left = t.attrs['text-anchor'] === 'middle' ? x - w / 2 : t.attrs['text-anchor'] === 'end' ? x - w : x;
        expect({ text: t.text, inside: left >= 0 && left + w <= width && Number(t.attrs.y) - size >= 0 && Number(t.attrs.y) <= height })
          .toEqual({ text: t.text, inside: true });
      }
    }
  });

  test('no colour is needed: every stroke and fill is a grey, white or a pattern', () => {
    for (const chart of charts) {
      for (const [, colour] of chart.matchAll(/(?:fill|stroke)="([^"]+)"/g)) {
        const grey = /^#([0-9a-f]{2})\1\1$/.exec(colour) !== null;
        expect({ colour, ok: grey || colour === 'none' || colour.startsWith('url(#') }).toEqual({ colour, ok: true });
      }
    }
  });

  test('the same plan gives the same bytes, with no NaN, Infinity or undefined', () => {
    expect(renderPlanSvg([prime])).toBe(svg);
    for (const chart of charts) {
      expect(chart).not.toMatch(/NaN|Infinity|undefined/);
    }
  });

  test('a half-hour zone gets ticks at whole local hours', () => {
    const times = elements(charts[2], 'text', 'time').map((t) => t.text);
    expect(times.length).toBeGreaterThan(3);
    expect(times.every((t) => /^\d\d:00$/.test(t))).toBe(true);
  });
});

test('the README\'s chart is what `npm run chart` draws now', () => {
  expect(fs.readFileSync(CHART_FILE, 'utf8')).toBe(primeDayChart());
});
