// Runs the test files in a fixed order, the property tests last. On a 2-core machine Jest runs
// the files one after another in one process, and a file that synthesizes hundreds of apps
// leaves the process slower for every file after it; last, it slows none.
const Sequencer = require('@jest/test-sequencer').default;

class PropertiesLast extends Sequencer {
  sort(tests) {
    const last = (t) => (/(properties|edge-values)\.test\.ts$/.test(t.path) ? 1 : 0);
    return [...tests].sort((a, b) => last(a) - last(b) || a.path.localeCompare(b.path));
  }
}

module.exports = PropertiesLast;
