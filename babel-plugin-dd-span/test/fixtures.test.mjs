// Fixture tests in Babel's layout: test/fixtures/<feature>/<case>/ holds input.js (or .mjs, .ts) and
// output.js, and options.json files cascade from the fixtures folder down to the case. Babel 8 may
// print differently: output.babel8.js, next to output.js, then holds what it prints.
// `UPDATE_FIXTURES=1` rewrites the outputs (run the Babel 7 leg first, then the Babel 8 leg).
//
// options.json keys: sourceType, parserOpts, pluginOptions, presets (names from PRESETS, or
// [name, options]), warnings ([{ line, includes }], every warning the case must give, in order; none
// when absent), printsAsWithoutPlugin (true when the plugin must leave the code exactly as Babel prints it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, mock, test } from 'node:test';
import { babel, babelMajor } from './support/babel.mjs';
import { babelOptions, compileCase, findCases, FIXTURES, optionsFor } from './support/fixture-cases.mjs';

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const ANSI = /\x1b\[[0-9;]*m/g;

// Warnings are asserted through result.metadata; printing them would only bury the test report.
mock.method(console, 'warn', () => {});

function assertOutput(dir, code) {
  const output = path.join(dir, 'output.js');
  const babel8Output = path.join(dir, 'output.babel8.js');
  const printed = `${code}\n`;
  if (UPDATE) {
    if (babelMajor === 8) {
      if (existsSync(output) && readFileSync(output, 'utf8') === printed) rmSync(babel8Output, { force: true });
      else writeFileSync(babel8Output, printed);
    } else {
      writeFileSync(output, printed);
    }
    return;
  }
  const expectedFile = babelMajor === 8 && existsSync(babel8Output) ? babel8Output : output;
  assert.ok(existsSync(expectedFile), `${path.relative(FIXTURES, expectedFile)} is missing: run with UPDATE_FIXTURES=1`);
  assert.equal(printed, readFileSync(expectedFile, 'utf8'));
}

function assertWarnings(result, expected = []) {
  const warnings = result.metadata.ddSpan?.warnings ?? [];
  assert.deepEqual(
    warnings.map((warning) => warning.line),
    expected.map((warning) => warning.line),
    `warnings: ${JSON.stringify(warnings.map((warning) => warning.message))}`,
  );
  warnings.forEach((warning, index) => {
    assert.ok(warning.message.includes(expected[index].includes), `"${warning.message}" should include "${expected[index].includes}"`);
    // The code frame marks the directive's line.
    assert.match(warning.formatted.replace(ANSI, ''), new RegExp(`^>\\s+${warning.line} \\|`, 'm'));
  });
}

// The premise of the attachComment check below: that parser option really leaves every node
// without comments, so only positions can find the directives.
test('with attachComment: false the parser attaches no comment to any node', () => {
  const ast = babel.parseSync('//dd:span\nexport const f = () => {};\nclass C {\n  //dd:span\n  m() {}\n}', {
    babelrc: false,
    configFile: false,
    parserOpts: { attachComment: false },
  });
  let attached = 0;
  babel.traverse(ast, {
    enter({ node }) {
      attached += (node.leadingComments?.length ?? 0) + (node.trailingComments?.length ?? 0);
    },
  });
  assert.equal(ast.comments.length, 2);
  assert.equal(attached, 0);
});

for (const { dir, input } of findCases(FIXTURES)) {
  const name = path.relative(FIXTURES, dir).split(path.sep).join('/');
  const options = optionsFor(dir);
  const source = readFileSync(input, 'utf8');

  describe(name, () => {
    test('prints the expected output and warnings', () => {
      const result = compileCase(source, options, input);
      assertOutput(dir, result.code);
      assertWarnings(result, options.warnings);
    });

    test('a second run over the output changes nothing', () => {
      const once = compileCase(source, options, input).code;
      const twice = compileCase(once, { ...options, presets: [] }, path.join(dir, 'output.js')).code;
      assert.equal(twice, once);
    });

    test('finds the same functions when the parser attaches no comments', () => {
      // Without attached comments Babel prints no comments, and keeps blank lines elsewhere: compare
      // the code without either.
      const noComments = { comments: false };
      const code = (result) => result.code.replace(/\n\s*\n/g, '\n');
      const attached = compileCase(source, options, input, noComments);
      const positional = compileCase(source, options, input, { ...noComments, parserOpts: { attachComment: false } });
      assert.equal(code(positional), code(attached));
      const messages = (result) => result.metadata.ddSpan?.warnings.map((warning) => warning.message);
      assert.deepEqual(messages(positional), messages(attached));
    });

    if (options.printsAsWithoutPlugin) {
      test('prints the code exactly as Babel does without the plugin', () => {
        const withPlugin = compileCase(source, options, input).code;
        const without = babel.transformSync(source, { ...babelOptions(options, input), babelrc: false, configFile: false }).code;
        assert.equal(withPlugin, without);
      });
    }
  });
}
