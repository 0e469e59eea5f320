#!/usr/bin/env node
// Extracts every ```ts block of README.md into test/readme-samples/ (`npm run readme-samples`),
// committed, so `npm run build` type-checks the README's code against the library (imports of
// 'cdk-event-readiness' are mapped to lib/ by tsconfig.dev.json), and the README test fails when
// the README and the committed copies differ. CommonJS, so the test suite can load it too.
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('fs');
const { join } = require('path');

function sampleFiles(markdown) {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `sample-${String(i + 1).padStart(2, '0')}.ts`,
    content: `// Extracted from README.md by scripts/readme-samples.js: do not edit.\n${m[1]}export {};\n`,
  }));
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const dir = join(root, 'test', 'readme-samples');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of sampleFiles(readFileSync(join(root, 'README.md'), 'utf8'))) {
    writeFileSync(join(dir, file.name), file.content);
  }
}

module.exports = { sampleFiles };
