// The bridge types dd-trace structurally, to need no dependency on it; this checks that dd-trace's
// own `Tracer` type is accepted as it is (it once was not: an options parameter that dd-trace
// declares optional must be optional here too).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ts from 'typescript';

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
  });
  const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  assert.deepEqual(problems, []);
});
