// The suite runs twice: with the root's Babel 7 on Node 20, and from test/babel8 (DD_BABEL_HOME) with
// Babel 8 on Node 24. This guards that the second leg really loads Babel 8, not the root's Babel 7.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { babel, babelMajor } from './support/babel.mjs';

const babel8Leg = Boolean(process.env.DD_BABEL_HOME);
const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);

test(`the ${babel8Leg ? 'Babel 8' : 'Babel 7'} leg compiles with Babel ${babel8Leg ? 8 : 7}`, () => {
  assert.equal(babelMajor, babel8Leg ? 8 : 7);
  assert.equal(babel.version.split('.')[0], String(babelMajor));
});

test(`the ${babel8Leg ? 'Babel 8' : 'Babel 7'} leg runs on a Node version that Babel supports`, () => {
  // Babel 8 needs Node >= 22.18; the project's floor is Node 20.
  const floor = babel8Leg ? [22, 18] : [20, 0];
  assert.ok(nodeMajor > floor[0] || (nodeMajor === floor[0] && nodeMinor >= floor[1]), process.version);
});
