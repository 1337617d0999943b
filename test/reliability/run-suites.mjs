// Runs real packages' own test suites three times: as published, with `//dd:span` on every function
// (instrumented), and the same with `//orchestrion:ignore` above seeded random subtrees (ignored).
// The instrumented runs must give every test the outcome it has as published, finish spans, warn
// only where the tool expects it, and leave every ignored subtree printed as Babel prints it alone.
//
// Usage: node test/reliability/run-suites.mjs [--suite NAME]… [--seed N] [--json FILE] [--keep]
// (after `npm ci --prefix test/reliability`). Exits 1 on any difference. Under Babel 8:
// DD_BABEL_HOME=test/babel8 test/babel8/node_modules/.bin/node test/reliability/run-suites.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { babel } from '../../babel-plugin-dd-span/test/support/babel.mjs';
import { compilePackage, instrumentPackage } from './instrument-everything.mjs';
import { SUITES } from './suites.mjs';
import { parseTap } from './support/tap.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const support = path.join(here, 'support');
const installed = path.join(here, 'node_modules');
const runtimeDir = realpathSync(path.join(here, '../../node_modules/dd-span-runtime'));
const IGNORE_RATE = 0.02;
const TIMEOUT_MS = 5 * 60 * 1000;

const { values: args } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const seed = Number(args.seed);
const suites = args.suite ? SUITES.filter((suite) => args.suite.includes(suite.name)) : SUITES;
if (!existsSync(path.join(installed, 'tape'))) {
  console.error('test/reliability has no node_modules: run `npm ci --prefix test/reliability` first.');
  process.exit(2);
}
if (suites.length === 0) {
  console.error(`no suite named ${args.suite.join(', ')}; suites: ${SUITES.map((suite) => suite.name).join(', ')}`);
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'dd-span-reliability-'));
// Packages not under test (tape, jest, the packages' own dependencies) resolve from here.
symlinkSync(installed, path.join(work, 'node_modules'), 'dir');

const packageFiles = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').includes('node_modules'))
    .sort();

// `babel` is the baseline the instrumented runs are compared with: what a build without dd-span
// gives. `published` shows what Babel's printing alone changes.
const VARIANTS = {
  published: { build: 'copy' },
  babel: { build: 'babel' },
  instrumented: { build: 'instrument', ignore: null },
  ignored: { build: 'instrument', ignore: { seed, rate: IGNORE_RATE } },
};

// Lays out one variant: each package under packages/, reachable by name through node_modules/.
function build(suite, variant) {
  const root = path.join(work, suite.name, variant);
  const figures = { files: 0, functions: 0, expectedSites: 0, instrumented: 0, expectedWarnings: 0, warnings: [], ignoreChecks: 0, ignoreMismatches: [] };
  mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  symlinkSync(runtimeDir, path.join(root, 'node_modules', 'dd-span-runtime'), 'dir');
  suite.packages.forEach((name, index) => {
    const source = realpathSync(path.join(installed, name));
    const target = path.join(root, 'packages', name);
    const { build: how, ignore } = VARIANTS[variant];
    if (how === 'copy') {
      cpSync(source, target, { recursive: true, filter: (file) => path.basename(file) !== 'node_modules' });
    } else if (how === 'babel') {
      compilePackage(source, target);
    } else {
      const options = { ignore: ignore && { ...ignore, seed: seed * 31 + index }, leaveAlone: suite.leaveAlone?.[name] ?? {} };
      const result = instrumentPackage(source, target, options);
      for (const key of ['files', 'functions', 'expectedSites', 'instrumented', 'expectedWarnings', 'ignoreChecks']) figures[key] += result[key];
      figures.warnings.push(...result.warnings.map((warning) => `${name}/${warning}`));
      figures.ignoreMismatches.push(...result.ignoreMismatches.map((mismatch) => ({ ...mismatch, file: `${name}/${mismatch.file}` })));
    }
    mkdirSync(path.dirname(path.join(root, 'node_modules', name)), { recursive: true });
    symlinkSync(target, path.join(root, 'node_modules', name), 'dir');
  });
  for (const file of suite.tests.ours ?? []) cpSync(path.join(support, file), path.join(root, 'packages', file));
  return { root, cwd: path.join(root, 'packages', suite.packages[0]), figures };
}

function testFiles(suite, cwd) {
  const files = suite.tests.glob ? packageFiles(cwd).filter((file) => suite.tests.glob.test(file)) : suite.tests.files;
  return [...files.map((file) => path.join(cwd, file)), ...(suite.tests.ours ?? []).map((file) => path.join(cwd, '..', file))];
}

function run(command, argv, { cwd, reports, preload }) {
  const env = { ...process.env, DD_RELIABILITY_REPORTS: reports };
  delete env.NODE_TEST_CONTEXT;
  if (preload) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require=${path.join(support, 'record-spans.cjs')}`.trim();
  const child = spawnSync(command, argv, { cwd, env, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

// Each runner gives `tests`: key → status, and `assertions` (tape only): key → status.
const RUNNERS = {
  'node-test'(files, options) {
    const destination = path.join(options.reports, '..', 'node-test-results.jsonl');
    const child = run(process.execPath, ['--test', `--test-reporter=${path.join(support, 'node-test-results.mjs')}`, `--test-reporter-destination=${destination}`, ...files], options);
    const tests = new Map();
    for (const line of readFileSync(destination, 'utf8').split('\n').filter(Boolean)) {
      const { file, path: names, status } = JSON.parse(line);
      tests.set([path.relative(options.cwd, file ?? ''), ...names].join(' › '), status);
    }
    return { ...child, tests };
  },
  tape(files, options) {
    const tests = new Map();
    const assertions = new Map();
    const children = files.map((file) => {
      const child = run(process.execPath, [file], options);
      const relative = path.relative(options.cwd, file);
      for (const test of parseTap(child.stdout)) {
        const failed = test.assertions.some((assertion) => !assertion.ok && assertion.directive === null);
        tests.set(`${relative} › ${test.name}`, failed ? 'fail' : 'pass');
        test.assertions.forEach((assertion, index) => {
          assertions.set(`${relative} › ${test.name} › ${index + 1}. ${assertion.message}`, assertion.ok ? 'pass' : 'fail');
        });
      }
      return child;
    });
    return {
      status: children.find((child) => child.status !== 0)?.status ?? 0,
      stdout: children.map((child) => child.stdout).join('\n'),
      stderr: children.map((child) => child.stderr).join('\n'),
      tests,
      assertions,
    };
  },
  jest(files, options) {
    const output = path.join(options.reports, '..', 'jest.json');
    const config = {
      rootDir: options.cwd,
      testEnvironment: 'node',
      // gensync's tests date from Jest 22: some `describe` callbacks are async, which Jest's
      // default runner (circus) refuses since Jest 27 and the Jasmine runner still accepts.
      testRunner: 'jest-jasmine2',
      transform: {},
      setupFilesAfterEnv: [path.join(support, 'jest-record-spans.cjs')],
      cacheDirectory: path.join(options.reports, '..', 'jest-cache'),
    };
    const jest = path.join(installed, 'jest', 'bin', 'jest.js');
    const child = run(process.execPath, [jest, '--ci', '--no-watchman', `--config=${JSON.stringify(config)}`, '--json', `--outputFile=${output}`, ...files], { ...options, preload: false });
    const tests = new Map();
    for (const file of JSON.parse(readFileSync(output, 'utf8')).testResults) {
      // A file that fails to load has no test results, only its own status.
      tests.set(`${path.relative(options.cwd, file.name)} › (file)`, file.status === 'passed' ? 'pass' : 'fail');
      for (const result of file.assertionResults) {
        const status = { passed: 'pass', failed: 'fail', pending: 'skip', skipped: 'skip', todo: 'todo' }[result.status] ?? result.status;
        tests.set([path.relative(options.cwd, file.name), ...result.ancestorTitles, result.title].join(' › '), status);
      }
    }
    return { ...child, tests };
  },
};

function runVariant(suite, variant) {
  const started = performance.now();
  const { root, cwd, figures } = build(suite, variant);
  const built = performance.now();
  const reports = path.join(root, 'reports');
  mkdirSync(reports);
  const files = testFiles(suite, cwd);
  const outcome = RUNNERS[suite.runner](files, { cwd, reports, preload: true });
  // Runs some of the test files again, in the same tree; their spans are not counted.
  const rerun = (relativeFiles, attempt) => {
    const again = path.join(root, `reports-rerun-${attempt}`);
    mkdirSync(again);
    return RUNNERS[suite.runner](files.filter((file) => relativeFiles.has(path.relative(cwd, file))), { cwd, reports: again, preload: true });
  };
  const tallies = readdirSync(reports).map((file) => JSON.parse(readFileSync(path.join(reports, file), 'utf8')));
  const sum = (key) => tallies.reduce((total, tally) => total + tally[key], 0);
  return {
    figures,
    outcome,
    rerun,
    spans: { spans: sum('spans'), errors: sum('errors'), children: sum('children'), names: new Set(tallies.flatMap((tally) => tally.names)).size },
    unexpectedTags: [...new Set(tallies.flatMap((tally) => tally.unexpectedTags))],
    warnings: tallies.flatMap((tally) => tally.warnings).sort(),
    seconds: { build: (built - started) / 1000, tests: (performance.now() - built) / 1000 },
  };
}

const count = (map, status) => [...map.values()].filter((value) => value === status).length;

// Each difference keeps its key (`file › test…`) so that its file can be run again.
function differences(expected, actual, what) {
  const found = [];
  for (const [key, status] of expected) {
    if (!actual.has(key)) found.push({ key, text: `${what} missing: ${key} (${status} before)` });
    else if (actual.get(key) !== status) found.push({ key, text: `${what} ${key}: ${status} before, ${actual.get(key)} here` });
  }
  for (const [key, status] of actual) if (!expected.has(key)) found.push({ key, text: `${what} not run before: ${key} (${status})` });
  return found;
}

const outcomeDifferences = (baseline, outcome) => [
  ...differences(baseline.tests, outcome.tests, 'test'),
  ...(baseline.assertions ? differences(baseline.assertions, outcome.assertions, 'assertion') : []),
];

const RERUNS = 2;

// Some tests race a timer (avvio's have 10 ms plugin timeouts) and can lose on a loaded machine,
// instrumented or not. The files of the tests whose outcome differs are run again, up to RERUNS
// times: a difference that comes back every time counts; one that goes away is reported as flaky.
function settleTestDifferences(baseline, variant) {
  const first = outcomeDifferences(baseline.outcome, variant.outcome);
  if (first.length === 0) return { lasting: [], flaky: [] };
  const fileOf = (key) => key.split(' › ')[0];
  let lasting = first;
  for (let attempt = 1; attempt <= RERUNS && lasting.length > 0; attempt++) {
    const again = variant.rerun(new Set(lasting.map(({ key }) => fileOf(key))), attempt);
    const stillDiffering = new Set(outcomeDifferences(baseline.outcome, again).map(({ key }) => key));
    lasting = lasting.filter(({ key }) => stillDiffering.has(key));
  }
  const lastingKeys = new Set(lasting.map(({ key }) => key));
  return { lasting: lasting.map(({ text }) => text), flaky: first.filter(({ key }) => !lastingKeys.has(key)).map(({ text }) => text) };
}

// What differs between the baseline run and an instrumented one, besides the expected.
function compare(baseline, variant, testDifferences) {
  const problems = [...testDifferences.lasting];
  // A flaky test can change the exit status of its run; what counts then is each test's outcome.
  if (variant.outcome.status !== baseline.outcome.status && testDifferences.flaky.length === 0) {
    problems.push(`exit status ${variant.outcome.status}, ${baseline.outcome.status} uninstrumented`);
  }
  const { figures } = variant;
  if (figures.instrumented !== figures.expectedSites) problems.push(`${figures.instrumented} functions instrumented, ${figures.expectedSites} expected`);
  const unexpected = figures.warnings.filter((warning) => !/attaches to nothing it can instrument/.test(warning));
  if (unexpected.length > 0 || figures.warnings.length !== figures.expectedWarnings) {
    problems.push(`${figures.warnings.length} build warnings, ${figures.expectedWarnings} expected:\n    ${figures.warnings.join('\n    ')}`);
  }
  for (const mismatch of figures.ignoreMismatches) {
    problems.push(`ignored subtree ${mismatch.id} of ${mismatch.file} differs:\n--- with the plugin\n${mismatch.withPlugin}\n--- without\n${mismatch.withoutPlugin}`);
  }
  if (variant.spans.spans === 0) problems.push('no span was recorded');
  if (variant.unexpectedTags.length > 0) problems.push(`spans carried unexpected tags: ${variant.unexpectedTags.join(', ')}`);
  if (JSON.stringify(variant.warnings) !== JSON.stringify(baseline.warnings)) {
    problems.push(`process warnings differ:\n    uninstrumented: ${baseline.warnings.join('\n      ')}\n    here: ${variant.warnings.join('\n      ')}`);
  }
  const runtimeLines = (stderr) => stderr.split('\n').filter((line) => /dd-span-runtime|babel-plugin-dd-span/.test(line));
  const ownLines = runtimeLines(variant.outcome.stderr).filter((line) => !runtimeLines(baseline.outcome.stderr).includes(line));
  if (ownLines.length > 0) problems.push(`the runtime printed:\n    ${ownLines.slice(0, 20).join('\n    ')}`);
  return problems;
}

const report = { babel: babel.version, node: process.version, seed, ignoreRate: IGNORE_RATE, suites: [] };
let failed = false;
const describeRun = ({ outcome: { tests, assertions, status }, seconds }) =>
  `${tests.size} tests, ${count(tests, 'pass')} pass, ${count(tests, 'fail')} fail, ${count(tests, 'skip') + count(tests, 'todo')} skipped/todo` +
  `${assertions ? `; ${assertions.size} assertions` : ''}; exit ${status}; ${seconds.tests.toFixed(1)} s`;

for (const suite of suites) {
  const results = Object.fromEntries(Object.keys(VARIANTS).map((variant) => [variant, runVariant(suite, variant)]));
  const { published, babel: baseline } = results;
  const { tests, assertions } = baseline.outcome;
  for (const uninstrumented of [published, baseline]) {
    if (uninstrumented.spans.spans !== 0) throw new Error(`${suite.name}: uninstrumented code recorded spans`);
    // A suite that does not run uninstrumented proves nothing about the instrumented one. (Some
    // tests may fail there; they must then fail the same way instrumented.)
    if (count(uninstrumented.outcome.tests, 'pass') === 0) {
      throw new Error(`${suite.name} does not pass uninstrumented (exit ${uninstrumented.outcome.status}):\n${uninstrumented.outcome.stderr.slice(-3000)}`);
    }
  }
  const printing = differences(published.outcome.tests, baseline.outcome.tests, 'test').map(({ text }) => text);
  console.log(`\n${suite.name} (${suite.code})`);
  console.log(`  as published: ${describeRun(published)}`);
  console.log(`  compiled by Babel alone (the baseline): ${describeRun(baseline)}`);
  for (const difference of printing) console.log(`    Babel's printing alone changes ${difference}`);
  const entry = {
    name: suite.name,
    code: suite.code,
    packages: suite.packages.map((name) => `${name}@${JSON.parse(readFileSync(path.join(installed, name, 'package.json'), 'utf8')).version}`),
    runner: suite.runner,
    tests: tests.size,
    passing: count(tests, 'pass'),
    failing: count(tests, 'fail'),
    assertions: assertions?.size ?? null,
    changedByPrinting: printing,
    leftAlone: Object.values(suite.leaveAlone ?? {}).flatMap((files) => Object.values(files)).flat().length,
    variants: {},
  };
  for (const variant of ['instrumented', 'ignored']) {
    const result = results[variant];
    const testDifferences = settleTestDifferences(baseline, result);
    const problems = compare(baseline, result, testDifferences);
    failed ||= problems.length > 0;
    const { figures, spans } = result;
    console.log(
      `  ${variant}: ${figures.files} files, ${figures.functions} functions annotated, ${figures.instrumented} instrumented` +
        `${variant === 'ignored' ? `, ${figures.ignoreChecks} ignored subtrees compared` : ''}; ${figures.warnings.length} expected warnings;` +
        ` ${spans.spans} spans (${spans.names} names, ${spans.children} with a parent, ${spans.errors} with an error);` +
        ` build ${result.seconds.build.toFixed(1)} s, tests ${result.seconds.tests.toFixed(1)} s: ${problems.length === 0 ? 'same outcome for every test' : `${problems.length} DIFFERENCES`}`,
    );
    for (const problem of problems.slice(0, 30)) console.log(`    ${problem}`);
    for (const flaky of testDifferences.flaky) console.log(`    flaky, not counted (same as the baseline when run again): ${flaky}`);
    entry.variants[variant] = { ...figures, warnings: figures.warnings.length, ignoreMismatches: figures.ignoreMismatches.length, spans, problems, flaky: testDifferences.flaky };
  }
  report.suites.push(entry);
}
if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
if (args.keep) console.log(`\nwork tree kept at ${work}`);
else rmSync(work, { recursive: true, force: true });
const totals = report.suites.reduce((sum, suite) => sum + suite.tests, 0);
// Each test once per instrumented run; a run's other problems (warnings, spans, ignored subtrees) count as failures too.
const problems = report.suites.flatMap((suite) => Object.values(suite.variants).flatMap((variant) => variant.problems)).length;
console.log(`\n${failed ? 'DIFFERENCES FOUND' : 'every test has the same outcome instrumented'}: ${report.suites.length} suites, ${totals} tests (Babel ${babel.version}, Node ${process.version})`);
console.log(`${Math.max(0, totals * 2 - problems)} passed, ${problems} failed`);
process.exit(failed ? 1 : 0);
