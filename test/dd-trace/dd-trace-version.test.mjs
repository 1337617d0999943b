// The dd-trace tests run in two legs: the root's dd-trace 5 on Node 20, and test/babel8's dd-trace 6
// on Node 24 (DD_TRACE_HOME). Each leg says which major it expects (DD_TRACE_EXPECT), and this
// guards that it really loaded that one; the tests that send traces also check the version the
// Agent stand-in received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ddTraceMajor, ddTracePackage, ddTraceVersion } from './support/dd-trace-module.mjs';

const expected = Number(process.env.DD_TRACE_EXPECT ?? '5');

test(`the leg expecting dd-trace ${expected} loads it`, () => {
  assert.equal(ddTraceMajor, expected, `loaded dd-trace ${ddTraceVersion}`);
});

test(`the leg expecting dd-trace ${expected} runs on a Node version that it supports`, () => {
  const { engines } = ddTracePackage;
  const floor = Number(/^>=\s*(\d+)/.exec(engines.node)?.[1]);
  assert.ok(Number(process.versions.node.split('.')[0]) >= floor, `dd-trace ${ddTraceVersion} needs Node ${engines.node}, this is ${process.version}`);
});
