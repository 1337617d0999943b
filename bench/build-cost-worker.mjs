// One Babel major of the build-cost suite: loads @babel/core, @babel/preset-env and
// babel-plugin-istanbul from `babelHome` (the repository root for Babel 7 on Node 20, test/babel8 for
// Babel 8 on Node 24) and babel-preset-dd from the workspace, then times each configuration on each
// input with tinybench.
//
// Usage: node bench/build-cost-worker.mjs <inputs.json> [--quick]
// inputs.json: { babelHome, files: [{ name, original, annotated, sparse }] } (paths). Prints JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { reply, repoRoot } from './lib/child.mjs';
import { cpuNow, measureRounds, quick } from './lib/harness.mjs';

const { babelHome, files } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const requireFromHome = createRequire(path.join(babelHome, 'package.json'));
const babel = requireFromHome('@babel/core');
const presetEnv = [requireFromHome.resolve('@babel/preset-env'), { targets: 'defaults' }];
const istanbul = requireFromHome.resolve('babel-plugin-istanbul');
const ddPreset = path.join(repoRoot, 'babel-preset-dd');

/** The configurations compared: `base` is what the application has, `with` adds one thing to it. */
const CONFIGS = {
  'preset-env': { presets: [presetEnv] },
  'preset-env + dd': { presets: [presetEnv, ddPreset] },
  'preset-env + istanbul': { presets: [presetEnv], plugins: [[istanbul, { include: ['**'], exclude: [], useInlineSourceMaps: false }]] },
  'no preset': {},
  'no preset + dd': { presets: [ddPreset] },
};

/** What every configuration shares, `config` added. */
function options(file, config) {
  return {
    filename: file,
    cwd: path.dirname(file),
    babelrc: false,
    configFile: false,
    sourceType: 'unambiguous',
    // Past 500 KB Babel 7 switches to compact output on its own, and says so on every call.
    compact: false,
    ...config,
  };
}

function transform(file, code, config) {
  return babel.transformSync(code, options(file, config));
}

/**
 * The floor of a code shape: what Babel costs on the annotated text when the plugin's own work is
 * free. `tree` is a copy of the AST the plugin made (its output before any other plugin ran), which
 * `config` (without dd) transforms; the annotated text is parsed too, since the real transform
 * must parse it before the plugin can run.
 */
function transformInstrumentedTree(file, code, tree, config) {
  babel.parseSync(code, options(file, config));
  // Babel would otherwise copy the tree inside the timed part; the caller already did, outside it.
  return babel.transformFromAstSync(tree, code, { ...options(file, config), cloneInputAst: false });
}

/** The floors measured: `${base} ${FLOOR}` is the base configuration run on the plugin's tree. */
const FLOOR = 'on the instrumented tree, plugin time excluded (floor of this code shape)';
const FLOOR_BASES = ['preset-env', 'no preset'];

/** What a configuration did, so that a timing is never of a transform that silently did nothing. */
function check(output) {
  return { spans: output.split('_ddSpan.start(').length - 1, coverageCounters: /cov_\w+\(\)\.s\[/.test(output) };
}

// Two groups, timed apart: `light`, the files as they are, where the preset should cost next to
// nothing (many cheap rounds resolve a difference of a few percent); `heavy`, the annotated files
// (every function, with its floors, and every 25th), and istanbul with its baseline.
const groups = { light: [], heavy: [] };
const checks = {};
for (const { name, original, annotated, sparse } of files) {
  for (const [variant, file] of Object.entries({ original, annotated, sparse })) {
    const code = readFileSync(file, 'utf8');
    for (const [configName, config] of Object.entries(CONFIGS)) {
      if (variant !== 'original' && configName.includes('istanbul')) continue;
      checks[`${name}/${variant}/${configName}`] = check(transform(file, code, config).code);
      const task = { name: `${name}/${variant}/${configName}`, fn: () => transform(file, code, config) };
      if (variant !== 'original' || configName === 'preset-env + istanbul') groups.heavy.push(task);
      if (variant === 'original' && configName !== 'preset-env + istanbul') groups.light.push(task);
      if (variant === 'original' && configName === 'preset-env') groups.heavy.push(task);
    }
    if (variant !== 'annotated') continue;
    // Kept serialized: a Buffer is outside the heap that every other transform's GC has to walk.
    const instrumented = v8.serialize(transform(file, code, { ...CONFIGS['no preset + dd'], ast: true, code: false }).ast);
    for (const base of FLOOR_BASES) {
      const taskName = `${name}/${variant}/${base} ${FLOOR}`;
      checks[taskName] = check(transformInstrumentedTree(file, code, v8.deserialize(instrumented), CONFIGS[base]).code);
      groups.heavy.push({
        name: taskName,
        fn: () => {
          const tree = v8.deserialize(instrumented);
          // Timed here rather than by tinybench, so that the copy is left out of the sample.
          const started = cpuNow();
          transformInstrumentedTree(file, code, tree, CONFIGS[base]);
          return { overriddenDuration: cpuNow() - started };
        },
      });
    }
  }
}

// One transform of every task per round, many rounds: a comparison is between neighbours in time,
// and each ratio is taken round by round before its median.
// The transforms above, which the checks read, were each configuration's warm-up.
const ROUNDS = { light: quick ? 3 : 16, heavy: quick ? 1 : 5 };
const samples = {};
for (const [group, tasks] of Object.entries(groups)) {
  samples[group] = await measureRounds(tasks, { time: 0, warmupTime: 0, warmupIterations: 0, iterations: 1, rounds: ROUNDS[group], now: cpuNow });
}
// The time spent inside the plugin's own visitor, timed by Babel around each visitor call: a direct
// measure of what the preset adds to a transform, unlike a difference of two noisy totals.
const ownTime = {};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
for (const { name, original, annotated, sparse } of files) {
  for (const [variant, file] of Object.entries({ original, annotated, sparse })) {
    const code = readFileSync(file, 'utf8');
    const runs = [];
    for (let run = 0; run < 3; run++) {
      let inside = 0;
      const wrapPluginVisitorMethod = (key, _phase, visit) =>
        key !== 'dd-span'
          ? visit
          : function (...args) {
              const started = cpuNow();
              try {
                return visit.apply(this, args);
              } finally {
                inside += cpuNow() - started;
              }
            };
      const started = cpuNow();
      transform(file, code, { ...CONFIGS['preset-env + dd'], wrapPluginVisitorMethod });
      runs.push({ inside, total: cpuNow() - started });
    }
    ownTime[`${name}/${variant}`] = { inside: median(runs.map((r) => r.inside)), total: median(runs.map((r) => r.total)) };
  }
}

// What the preset costs a file before any of its code runs on it (loading its configuration): a
// small file, transformed alternately with and without it, many times.
const small = { file: path.join(path.dirname(files[0].original), 'small.js'), code: 'export function add(a, b) {\n  return a + b;\n}\n' };
const perFile = await measureRounds(
  ['preset-env', 'preset-env + dd'].map((configName) => ({ name: configName, fn: () => transform(small.file, small.code, CONFIGS[configName]) })),
  { time: quick ? 100 : 300, warmupTime: 50, iterations: 50, rounds: quick ? 1 : 3 },
);
const fixedCost = median(perFile['preset-env + dd']) - median(perFile['preset-env']);

reply({ babel: babel.version, node: process.version, samples, checks, ownTime, fixedCost });
