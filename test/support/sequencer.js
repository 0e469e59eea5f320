// Runs the test files in a fixed order, the property tests (and the calendar's) last. A worker that has run a file
// synthesizing hundreds of apps runs every later file slower (measured: twice as slow); last,
// the property files slow none, and with two workers they run side by side.
const Sequencer = require('@jest/test-sequencer').default;

class PropertiesLast extends Sequencer {
  sort(tests) {
    const last = (t) => (/(properties|edge-values|calendar)\.test\.ts$/.test(t.path) ? 1 : 0);
    return [...tests].sort((a, b) => last(a) - last(b) || a.path.localeCompare(b.path));
  }
}

module.exports = PropertiesLast;
