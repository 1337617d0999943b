// The real packages whose own test suites run against their instrumented build. Each suite lists
// the packages instrumented for it (the first one's tests run; the others are code those tests go
// through), the test runner, and the test files, relative to the first package (or, for files of
// ours, to support/), and the functions, by package, file and line, that get `//orchestrion:ignore`
// instead of `//dd:span` because the package reads their source. Installed once from
// test/reliability/package.json; no network at test time.
export const SUITES = [
  {
    name: 'find-my-way',
    code: 'sync-heavy: an HTTP router (radix tree, constraint strategies, a route compiler that generates code)',
    packages: ['find-my-way'],
    runner: 'node-test',
    tests: { glob: /^test\/.*\.test\.js$/ },
  },
  {
    name: 'avvio',
    code: 'async/promise-heavy: a plugin loader (promises, thenables, callbacks, timeouts) over fastq',
    packages: ['avvio', 'fastq'],
    runner: 'node-test',
    tests: { glob: /^test\/.*\.test\.js$/ },
    // avvio names an anonymous plugin after the first two lines of its source (lib/get-plugin-name.js),
    // and these tests assert that name: `fn.toString()` shows the instrumentation, so these plugins
    // get `//orchestrion:ignore`, as the README advises for functions whose source is read.
    leaveAlone: {
      avvio: {
        'test/lib/get-plugin-name.test.js': [22, 23],
        'test/plugin-name.test.js': [52],
        'test/plugin-timeout.test.js': [65],
      },
    },
  },
  {
    name: 'fastq',
    code: 'async: a callback and promise work queue',
    packages: ['fastq'],
    runner: 'tape',
    tests: { files: ['test/test.js', 'test/promise.js'] },
  },
  {
    name: 'abstract-level',
    code: 'class-heavy: abstract classes with private fields and subclasses, async/await, async iterators, events',
    packages: ['abstract-level', 'memory-level'],
    runner: 'tape',
    tests: { files: ['test/self.js'], ours: ['memory-level-compliance.js'] },
  },
  {
    name: 'gensync',
    code: 'generator-heavy: sync/async functions written once as generators',
    packages: ['gensync'],
    runner: 'jest',
    tests: { files: ['test/index.test.js'] },
  },
];
