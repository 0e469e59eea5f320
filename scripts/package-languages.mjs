#!/usr/bin/env node
// Generates the Python, Java, .NET and Go sources of the library from its jsii assembly
// (`jsii-pacmak --code-only`, into dist-lang/; run `npm run build` first), or with `--packages`
// the packages themselves. Nothing is published here: .github/workflows/release.yml does that.
//
// The other languages take the peer ranges; the Go module pins the aws-cdk-lib and constructs
// versions installed when it is generated, which would force Go users onto whatever the lockfile
// holds. Its requirements are set to the peer floors, the versions `npm run test:floor` proves.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, pkg.jsii.outdir);
rmSync(outdir, { recursive: true, force: true });
// `--packages` (the release workflow, with every toolchain installed) builds the packages too.
const codeOnly = process.argv.includes('--packages') ? [] : ['--code-only'];
execFileSync(join(root, 'node_modules', '.bin', 'jsii-pacmak'), [...codeOnly, '--pack-command', 'npm pack --ignore-scripts'],
  { cwd: root, stdio: 'inherit' });

const languages = readdirSync(outdir).filter((d) => d !== 'js').sort();
const expected = Object.keys(pkg.jsii.targets).sort();
if (JSON.stringify(languages) !== JSON.stringify(expected)) {
  throw new Error(`package-languages: generated ${languages.join(', ')}, expected ${expected.join(', ')}`);
}
const goMod = join(outdir, 'go', readdirSync(join(outdir, 'go'))[0], 'go.mod');
let text = readFileSync(goMod, 'utf8');
for (const [peer, goModule] of [['aws-cdk-lib', 'github.com/aws/aws-cdk-go/awscdk/v2'], ['constructs', 'github.com/aws/constructs-go/constructs/v10']]) {
  const requirement = new RegExp(`(${goModule.replace(/[.]/g, '\\.')}) v\\S+`);
  if (!requirement.test(text)) {
    throw new Error(`package-languages: the Go module does not require ${goModule}`);
  }
  text = text.replace(requirement, `$1 v${semver.minVersion(pkg.peerDependencies[peer]).version}`);
}
writeFileSync(goMod, text);
console.log(`package-languages: ${languages.join(', ')} sources in ${pkg.jsii.outdir}/; the Go module requires the peer floors`);
