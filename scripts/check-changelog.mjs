#!/usr/bin/env node
// Checks CHANGELOG.md: Keep-a-Changelog form (an Unreleased section first, then releases newest
// first as `## [X.Y.Z] - YYYY-MM-DD`, only the standard kinds of change, a link for every
// heading) and an entry, with content, for the version in package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
const problems = [];
const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

if (!text.startsWith('# Changelog\n')) {
  problems.push('the first line must be "# Changelog"');
}
const sections = [...text.matchAll(/^## (.*)$/gm)].map((m) => ({ heading: m[1], at: m.index }));
const releases = [];
sections.forEach((section, i) => {
  const body = text.slice(section.at, sections[i + 1]?.at ?? text.length).split('\n').slice(1).join('\n');
  const entries = body.split('\n').filter((l) => /^- /.test(l)).length;
  for (const [, kind] of body.matchAll(/^### (.*)$/gm)) {
    if (!KINDS.includes(kind)) {
      problems.push(`'## ${section.heading}': '### ${kind}' is not one of ${KINDS.join(', ')}`);
    }
  }
  if (i === 0) {
    if (section.heading !== '[Unreleased]') {
      problems.push(`the first section must be '## [Unreleased]', found '## ${section.heading}'`);
    }
    return;
  }
  const m = /^\[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$/.exec(section.heading);
  if (!m || !SEMVER.test(m[1]) || Number.isNaN(Date.parse(`${m[2]}T00:00:00Z`))) {
    problems.push(`'## ${section.heading}' must read '## [X.Y.Z] - YYYY-MM-DD'`);
    return;
  }
  if (entries === 0) {
    problems.push(`'## ${section.heading}' lists no change`);
  }
  releases.push({ version: m[1], date: m[2] });
});
const order = (v) => SEMVER.exec(v).slice(1, 4).map(Number);
for (let i = 1; i < releases.length; i++) {
  const [a, b] = [order(releases[i - 1].version), order(releases[i].version)];
  const newer = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  if (newer <= 0 || releases[i - 1].date < releases[i].date) {
    problems.push(`releases must be newest first: ${releases[i - 1].version} (${releases[i - 1].date}) comes before `
      + `${releases[i].version} (${releases[i].date})`);
  }
}
if (!releases.some((r) => r.version === version)) {
  problems.push(`no '## [${version}] - YYYY-MM-DD' entry for the version in package.json`);
}
for (const heading of ['Unreleased', ...releases.map((r) => r.version)]) {
  if (!new RegExp(`^\\[${heading.replace(/\./g, '\\.')}\\]: https://\\S+$`, 'm').test(text)) {
    problems.push(`no link reference '[${heading}]: https://...' at the end`);
  }
}
if (problems.length > 0) {
  console.error(`CHANGELOG.md:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`CHANGELOG.md ok: ${releases.length} release(s), an entry for ${version}`);
