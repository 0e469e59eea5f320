import * as fs from 'fs';
import * as path from 'path';

/**
 * Data flows one way (DESIGN): event → plans → readiness → cli, with tiers feeding plans, and
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

describe('one-way data flow between the layers of lib/', () => {
  const root = path.join(__dirname, '..', 'lib');
  const files = Object.keys(MAY_IMPORT).flatMap((layer) => fs.readdirSync(path.join(root, layer))
    .filter((f) => f.endsWith('.ts')).map((f) => [layer, `${layer}/${f}`]));

  test('every layer has files', () => {
    expect(new Set(files.map(([layer]) => layer))).toEqual(new Set(Object.keys(MAY_IMPORT)));
  });

  test.each(files)('%s: %s imports only from the layers below it', (layer, file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const imported = [...text.matchAll(/^(?:import|export)[^'"]*?from '(\.{1,2}\/[^']+)'/gm)]
      .map((m) => path.relative(root, path.resolve(path.dirname(path.join(root, file)), m[1])).split(path.sep)[0]);
    const wrong = imported.filter((target) => !MAY_IMPORT[layer].includes(target));
    expect(wrong).toEqual([]);
  });

  test('the check sees a wrong import (a plan importing a tier)', () => {
    const line = "import { RdsTier } from '../tiers/rds-tier';";
    const target = path.relative(root, path.resolve(path.join(root, 'plans'), /from '([^']+)'/.exec(line)![1])).split(path.sep)[0];
    expect(MAY_IMPORT.plans.includes(target)).toBe(false);
  });
});
