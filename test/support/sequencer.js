// Runs the test files heaviest first (longest-processing-time first), the rest in name order, so
// the two workers end together: the last files either picks up are short. The order is measured
// (a file's whole cost, module-level synthesis and the spawned cfn-guard and CLI included), not
// guessed from size. Measured on this 2-core machine, four runs each, alternating: 54.8-62.5 s
// (median 57.7) against 61.7-73.1 s (median 63) with the property sweeps last, as before; the
// suite's CPU fell too (84-96 s against 94-112 s): the heaviest files run while the heaps are small.
const fs = require('fs');
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const HEAVIEST = ['properties', 'edge-values', 'environments', 'oracles', 'review', 'calendar', 'api-docs', 'cli',
  'validation', 'ecs-service', 'other-regions', 'clock', 'examples', 'existing-resources', 'readiness-guarantees', 'rds-tier'];

// A renamed or removed file must leave this list too (a stale name would order nothing).
const stale = HEAVIEST.filter((name) => !fs.existsSync(path.join(__dirname, '..', `${name}.test.ts`)));
if (stale.length > 0) {
  throw new Error(`test/support/sequencer.js names test files that do not exist: ${stale.join(', ')}`);
}

class HeaviestFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = HEAVIEST.findIndex((name) => t.path.endsWith(`/${name}.test.ts`));
      return i < 0 ? HEAVIEST.length : i;
    };
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = HeaviestFirst;
