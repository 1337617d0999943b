// One Babel major of the build-cost suite: loads @babel/core, @babel/preset-env and
// babel-plugin-istanbul from `babelHome` (the repository root for Babel 7 on Node 20, test/babel8 for
// Babel 8 on Node 24) and babel-preset-dd from the workspace, then times each configuration on each
// input with tinybench.
//
// Usage: node bench/build-cost-worker.mjs <inputs.json> [--quick]
// inputs.json: { babelHome, files: [{ name, original, annotated }] } (paths). Prints JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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

function transform(file, code, config) {
  return babel.transformSync(code, {
    filename: file,
    cwd: path.dirname(file),
    babelrc: false,
    configFile: false,
    sourceType: 'unambiguous',
    // Past 500 KB Babel 7 switches to compact output on its own, and says so on every call.
    compact: false,
    ...config,
  });
}

// Two groups, timed apart: `light`, the files as they are, where the preset should cost next to
// nothing (many cheap rounds resolve a difference of a few percent); `heavy`, the annotated files,
// and istanbul with its baseline.
const groups = { light: [], heavy: [] };
const checks = {};
for (const { name, original, annotated } of files) {
  for (const [variant, file] of [['original', original], ['annotated', annotated]]) {
    const code = readFileSync(file, 'utf8');
    for (const [configName, config] of Object.entries(CONFIGS)) {
      if (variant === 'annotated' && configName.includes('istanbul')) continue;
      const output = transform(file, code, config).code;
      // What each configuration did, so that a timing is never of a transform that silently did nothing.
      checks[`${name}/${variant}/${configName}`] = {
        spans: output.split('_ddSpan.start(').length - 1,
        coverageCounters: /cov_\w+\(\)\.s\[/.test(output),
      };
      const task = { name: `${name}/${variant}/${configName}`, fn: () => transform(file, code, config) };
      if (variant === 'annotated' || configName === 'preset-env + istanbul') groups.heavy.push(task);
      if (variant === 'original' && configName !== 'preset-env + istanbul') groups.light.push(task);
      if (variant === 'original' && configName === 'preset-env') groups.heavy.push(task);
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
for (const { name, original, annotated } of files) {
  for (const [variant, file] of [['original', original], ['annotated', annotated]]) {
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
