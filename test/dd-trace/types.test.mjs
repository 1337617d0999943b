// The bridge types dd-trace structurally, to need no dependency on it; this checks that dd-trace's
// own `Tracer` type is accepted as it is (it once was not: an options parameter that dd-trace
// declares optional must be optional here too).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ts from 'typescript';
import { ddTraceDir, ddTracePackage } from './support/dd-trace-module.mjs';

test("dd-trace's own Tracer type is accepted by createDdTraceBridge, and a non-tracer is not", () => {
  const file = fileURLToPath(new URL('./fixtures/bridge-types.ts', import.meta.url));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    // The fixture's `import 'dd-trace'` is the dd-trace under test, not whichever the folder would find.
    paths: { 'dd-trace': [ddTraceDir] },
  });
  const ddTraceTypes = path.join(ddTraceDir, ddTracePackage.types ?? ddTracePackage.typings);
  assert.ok(program.getSourceFile(ddTraceTypes), `the fixture is checked against ${ddTraceTypes}`);
  const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  assert.deepEqual(problems, []);
});
