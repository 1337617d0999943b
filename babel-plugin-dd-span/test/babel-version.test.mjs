// The suite runs in three legs: the root's latest Babel 7 on Node 20; test/babel7-floor, the oldest
// Babel we support (7.22.0), on Node 20; and test/babel8, Babel 8 on Node 24. Each leg says which
// Babel it expects (DD_BABEL_EXPECT), and this guards that it really loaded that one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { babel, babelMajor } from './support/babel.mjs';

const expected = process.env.DD_BABEL_EXPECT ?? '7';
const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);

test(`the leg expecting Babel ${expected} compiles with it`, () => {
  assert.ok(babel.version === expected || babel.version.startsWith(`${expected}.`), `loaded Babel ${babel.version}`);
  assert.equal(babel.version.split('.')[0], String(babelMajor));
});

test(`the leg expecting Babel ${expected} runs on a Node version that Babel supports`, () => {
  // Babel 8 needs Node >= 22.18; the project's floor is Node 20.
  const floor = babelMajor === 8 ? [22, 18] : [20, 0];
  assert.ok(nodeMajor > floor[0] || (nodeMajor === floor[0] && nodeMinor >= floor[1]), process.version);
});
