import * as fs from 'fs';
import * as path from 'path';
import { Documentation, Language } from 'jsii-docgen';

/**
 * API.md is jsii-docgen's rendering of the compiled jsii assembly (`.jsii`, written by `npm run
 * build`), committed so readers of the repository and Construct Hub users see the same reference.
 * Only `npm run api-docs` rewrites it; this test fails when it is out of date.
 */
describe('API.md', () => {
  const root = path.join(__dirname, '..');

  test('matches the compiled API (run `npm run build && npm run api-docs` after changing it)', async () => {
    // GIVEN the assembly the build compiled
    const assembly = path.join(root, '.jsii');
    if (!fs.existsSync(assembly)) {
      throw new Error('no .jsii assembly: run `npm run build` first');
    }
    // WHEN it is rendered as the api-docs script renders it
    const docs = await Documentation.forProject(root);
    const markdown = (await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: true })).render();
    // THEN it is what is committed
    const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
    expect(committed === markdown).toBe(true);
    // Rendering the whole assembly takes seconds, more on a busy 2-core machine: no time limit of
    // Jest's default 5 s on it (this asserts content, never speed).
  }, 120_000);
});
