#!/usr/bin/env node
// Generates the Python, Java, .NET and Go sources of the library from its jsii assembly
// (`jsii-pacmak --code-only`, into dist-lang/; run `npm run build` first), or with `--packages`
// the packages themselves. Nothing is published here: .github/workflows/release.yml does that.
// The other languages take the peer ranges; the Go module pins the aws-cdk-lib and constructs
// installed, which are the peer floors (the development versions are the floors: test/readme.test.ts).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, pkg.jsii.outdir);
rmSync(outdir, { recursive: true, force: true });
// `--packages` (the release workflow, with every toolchain installed) builds the packages too.
const codeOnly = process.argv.includes('--packages') ? [] : ['--code-only'];
execFileSync(join(root, 'node_modules', '.bin', 'jsii-pacmak'), [...codeOnly, '--pack-command', 'npm pack --ignore-scripts'],
  { cwd: root, stdio: 'inherit' });

// (jsii's build rejects a target language it does not know; test/readme.test.ts holds the four.)
const languages = readdirSync(outdir).filter((d) => d !== 'js').sort();
const goMod = readFileSync(join(outdir, 'go', readdirSync(join(outdir, 'go'))[0], 'go.mod'), 'utf8');
const required = [...goMod.matchAll(/(awscdk\/v2|constructs\/v10) v(\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
const floors = [`awscdk/v2 ${pkg.peerDependencies['aws-cdk-lib'].slice(1)}`, `constructs/v10 ${pkg.peerDependencies.constructs.slice(1)}`];
if (JSON.stringify(required) !== JSON.stringify(floors)) {
  throw new Error(`package-languages: the Go module requires ${required.join(', ')}, not the peer floors ${floors.join(', ')}`);
}
console.log(`package-languages: ${languages.join(', ')} sources in ${pkg.jsii.outdir}/; the Go module requires the floors, ${required.join(', ')}`);
