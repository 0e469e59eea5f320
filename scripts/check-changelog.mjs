#!/usr/bin/env node
// Checks CHANGELOG.md with keep-a-changelog's parser: the Keep a Changelog form (it rejects a
// malformed heading or an unknown kind of change), the file exactly as the parser writes it back
// (releases newest first; `npx changelog` rewrites it so), a link for every release, and changes
// listed for the version in package.json.
import { readFileSync } from 'node:fs';
import { parser } from 'keep-a-changelog';

const text = readFileSync('CHANGELOG.md', 'utf8');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const changelog = parser(text);
const problems = [];
if (changelog.toString() !== text) {
  problems.push('it is not as keep-a-changelog writes it: run `npx changelog` and review the diff');
}
const unlinked = changelog.releases.map((r) => r.version?.toString() ?? 'Unreleased').filter((v) => !text.includes(`\n[${v}]: https://`));
if (unlinked.length > 0) {
  problems.push(`no link reference '[X]: https://...' for ${unlinked.join(', ')}`);
}
if (changelog.findRelease(version)?.isEmpty() !== false) {
  problems.push(`no changes listed under '## [${version}] - YYYY-MM-DD', the version in package.json`);
}
if (problems.length > 0) {
  console.error(`CHANGELOG.md:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`CHANGELOG.md ok: ${changelog.releases.length - 1} release(s), changes listed for ${version}`);
