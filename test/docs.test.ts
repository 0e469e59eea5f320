import * as fs from 'fs';
import * as path from 'path';
import { parser } from 'keep-a-changelog';
import { primeDayPlans } from '../scripts/plan-chart';

/** Every optional prop of an exported interface documents its default (`@default`), as the house style asks. */
describe('public API documentation', () => {
  const root = path.join(__dirname, '..', 'lib');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'private' && entry.name !== 'cli') {
        walk(full);
      } else if (entry.name.endsWith('.ts')) {
        files.push(full);
      }
    }
  };
  walk(root);

  test.each(files.map((f) => [path.relative(root, f), f]))('%s: optional props document @default', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const missing: string[] = [];
    // Optional readonly members of exported interfaces, with the doc comment right above them.
    const interfaceBlocks = text.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g);
    for (const [, name, body] of interfaceBlocks) {
      const members = body.matchAll(/(\/\*\*[\s\S]*?\*\/)?\s*readonly (\w+)\?:/g);
      for (const [, doc, member] of members) {
        if (!doc || !/@default/.test(doc)) {
          missing.push(`${name}.${member}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** docs/timeline.md's table is the prime-day example's plan, as `event-readiness plan` prints it. */
describe('the timeline page\'s prime-day table', () => {
  const plan = primeDayPlans().find((p) => p.eventName === 'prime-day-2027')!;
  const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'timeline.md'), 'utf8');
  const rows = [...page.matchAll(/^\| (prewarm|peak \(start\)|ramp-down-\d \(end\)|ramp-down-\d|baseline) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|$/gm)];
  const md = (iso: string) => iso.slice(5, 16).replace('T', ' ');

  test('each step at its local and UTC time', () => {
    expect(rows.map((r) => [r[1].split(' ')[0], r[2], r[3]])).toEqual(plan.timeline.map((s) => [s.id, md(s.local), `${md(s.utc)}Z`]));
  });

  test('every change that fires after its step is shown "at" its local time, in its step\'s row', () => {
    const late = plan.tiers.flatMap((t) => t.changes).filter((c) => (c.delaySeconds ?? 0) > 0);
    expect(late.length).toBeGreaterThanOrEqual(4);
    for (const c of late) {
      const row = rows.find((r) => r[1].split(' ')[0] === c.step)!;
      expect({ change: `${c.subject} ${c.after}`, shown: row[0].includes(`at ${c.atLocal.slice(11, 16)}`) })
        .toEqual({ change: `${c.subject} ${c.after}`, shown: true });
    }
    const shownAt = [...page.matchAll(/ at (\d\d:\d\d)/g)].map((m) => m[1]);
    expect(new Set(shownAt)).toEqual(new Set(late.map((c) => c.atLocal.slice(11, 16))));
  });
});

/**
 * CHANGELOG.md through keep-a-changelog's parser: the Keep a Changelog form (it rejects a malformed
 * heading or an unknown kind of change), the file exactly as the parser writes it back (releases
 * newest first; `npx changelog` rewrites it so), a link for every release, and changes listed for
 * the version in package.json (a release cannot be cut without them).
 */
describe('CHANGELOG.md, as keep-a-changelog reads it', () => {
  const root = path.join(__dirname, '..');
  const text = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // Parsed in beforeAll: a parse error then fails these tests, not the whole file.
  let changelog: ReturnType<typeof parser>;
  beforeAll(() => {
    changelog = parser(text);
  });

  test('it is as keep-a-changelog writes it (run `npx changelog` and review the diff)', () => {
    expect(changelog.toString()).toBe(text);
  });
  test('every release, Unreleased included, has its link reference', () => {
    const versions = changelog.releases.map((r) => r.version?.toString() ?? 'Unreleased');
    expect(versions.filter((v) => !text.includes(`\n[${v}]: https://`))).toEqual([]);
    expect(versions).toContain(version);
  });
  test('changes are listed under the version in package.json', () => {
    expect(changelog.findRelease(version)?.isEmpty()).toBe(false);
  });
});
