// Bad configuration, whatever it is, gets a clear message that names the option and what it
// accepts: plugin options at build time, runtime variables at start-up. The cases written out one by
// one are in options.test.mjs and runtime/test/config.test.mjs; these try any value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compile, repoRoot } from './support/babel.mjs';

const SOURCE = '//dd:span\nfunction f() {}\n';
const compileWith = (pluginOptions) => () => compile(SOURCE, { pluginOptions });

describe('plugin options', () => {
  test('an unknown option is refused, naming it and listing the accepted ones', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.anything(), (key, value) => {
        fc.pre(!['runtime', 'moduleStyle', 'service', 'env', 'version', 'integrations'].includes(key));
        assert.throws(compileWith({ [key]: value }), (error) => {
          assert.ok(error.message.includes(`unknown option \`${key}\``), error.message);
          assert.match(error.message, /Accepted options: [^.]*\bruntime\b[^.]*\bmoduleStyle\b/);
          return true;
        });
      }),
      { numRuns: 200 },
    );
  });

  test('`runtime` that is not a non-empty string is refused, naming the option and what it takes', () => {
    const notAModuleName = fc.anything().filter((value) => value !== undefined && value !== null && (typeof value !== 'string' || value === ''));
    fc.assert(
      fc.property(notAModuleName, (runtime) => {
        assert.throws(compileWith({ runtime }), /option `runtime` must be a non-empty module specifier string, got /);
      }),
      { numRuns: 200 },
    );
  });

  test('`moduleStyle` other than "auto", "import" or "require" is refused, listing those three', () => {
    const other = fc.anything().filter((value) => value !== undefined && value !== null && !['auto', 'import', 'require'].includes(value));
    fc.assert(
      fc.property(other, (moduleStyle) => {
        assert.throws(compileWith({ moduleStyle }), /option `moduleStyle` must be one of "auto", "import", "require", got /);
      }),
      { numRuns: 200 },
    );
  });

  test('options that are not an object are refused by Babel before the plugin runs, saying what it takes', () => {
    for (const options of ['require', 42, true, ['runtime']]) {
      assert.throws(compileWith(options), /must be an object, false, or undefined/);
    }
  });
});

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const { readConfig } = requireFromRepo(path.join(repoRoot, 'runtime/dist/cjs/config.js'));

// What each variable accepts, and the words its message must show.
const VARIABLES = {
  DD_TRACE_SAMPLE_RATE: { accepts: (value) => value === '' || (Number.isFinite(Number(value)) && Number(value) >= 0 && Number(value) <= 1), says: /is not a number from 0 to 1; using 1\./ },
  DD_TRACE_ENABLED: { accepts: (value) => ['', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase()), says: /is not a boolean \(accepted: true, false, 1, 0\); using true\./ },
  DD_TRACE_DEBUG: { accepts: (value) => ['', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase()), says: /is not a boolean \(accepted: true, false, 1, 0\); using false\./ },
  DD_PROFILING_ENABLED: { accepts: (value) => ['', 'auto', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value.toLowerCase()), says: /\(accepted: [^)]*\bauto\b[^)]*\); using false\./ },
};

describe('runtime variables', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('NaN', '-0.1', '1.0000001', 'Infinity', '1e400', '0x1', ' 0.5 ', 'TRUE', 'auto', 'Auto', '½', '\u0000', 'true\u0000'),
  );

  for (const [name, { accepts, says }] of Object.entries(VARIABLES)) {
    test(`${name}: any value is taken or reported with the variable, the value and what is accepted`, () => {
      fc.assert(
        fc.property(text, (raw) => {
          const { problems } = readConfig({ [name]: raw });
          if (accepts(raw.trim())) {
            assert.deepEqual(problems, []);
          } else {
            assert.equal(problems.length, 1, `${name}=${JSON.stringify(raw)}`);
            assert.ok(problems[0].startsWith(`${name}=`), problems[0]);
            assert.match(problems[0], says);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  test('at start-up every invalid variable gets its own line on stderr, and the program still runs and traces', () => {
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { instrumentation as rt } from 'dd-span-runtime'; rt.end(rt.start(rt.site('work', []))); console.log('ran');"],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, DD_TRACE_SAMPLE_RATE: 'half', DD_TRACE_ENABLED: 'maybe', DD_TRACE_DEBUG: '2', DD_PROFILING_ENABLED: 'sometimes' },
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'ran');
    for (const name of Object.keys(VARIABLES)) {
      const lines = child.stderr.split('\n').filter((line) => line.includes(`${name}=`));
      assert.equal(lines.length, 1, `${name}:\n${child.stderr}`);
      assert.match(lines[0], VARIABLES[name].says);
    }
  });
});
