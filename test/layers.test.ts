import * as fs from 'fs';
import * as path from 'path';

/**
 * Data flows one way (CONTRIBUTING.md, "Layout and the one-way flow"): event → plans → readiness → cli, with tiers feeding plans, and
 * private helpers below everything. A module may import only from its own layer or the layers
 * this table allows.
 */
const MAY_IMPORT: { [layer: string]: string[] } = {
  private: ['private'],
  event: ['private', 'event'],
  plans: ['private', 'event', 'plans'],
  tiers: ['private', 'event', 'plans', 'tiers'],
  readiness: ['private', 'event', 'plans', 'readiness'],
  cli: ['private', 'event', 'plans', 'readiness', 'cli'],
  testing: ['testing'],
};

const root = path.join(__dirname, '..', 'lib');

/** The layers a module of lib/ imports from (or re-exports from), by its relative imports. */
function importedLayers(file: string, text: string): string[] {
  return [...text.matchAll(/^(?:import|export)[^'"]*?from '(\.{1,2}\/[^']+)'/gm)]
    .map((m) => path.relative(root, path.resolve(path.dirname(path.join(root, file)), m[1])).split(path.sep)[0]);
}

describe('one-way data flow between the layers of lib/', () => {
  const files = Object.keys(MAY_IMPORT).flatMap((layer) => fs.readdirSync(path.join(root, layer))
    .filter((f) => f.endsWith('.ts')).map((f) => [layer, `${layer}/${f}`]));

  test('every layer has files', () => {
    expect(new Set(files.map(([layer]) => layer))).toEqual(new Set(Object.keys(MAY_IMPORT)));
  });

  test.each(files)('%s: %s imports only from the layers below it', (layer, file) => {
    const wrong = importedLayers(file, fs.readFileSync(path.join(root, file), 'utf8')).filter((target) => !MAY_IMPORT[layer].includes(target));
    expect(wrong).toEqual([]);
  });

  test('the check reads type-only, multi-line and re-export imports, and ignores packages', () => {
    const text = [
      "import type { RdsTier } from '../tiers/rds-tier';",
      'import {',
      '  A, B,',
      "} from '../readiness/event-readiness';",
      "export * from './acu-range';",
      "import * as rds from 'aws-cdk-lib/aws-rds';",
    ].join('\n');
    expect(importedLayers('plans/x.ts', text)).toEqual(['tiers', 'readiness', 'plans']);
  });
});
