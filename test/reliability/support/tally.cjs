'use strict';
// What one process of a suite run saw: the spans that finished (counted, then forgotten, so that a
// long suite does not keep millions of them), which tags they carried, and the process warnings.
// Written as JSON to $DD_RELIABILITY_REPORTS when the process is done.
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { getFinishedSpans, resetSpans } = require('dd-span-runtime/testing');

// Every directive the tool writes has no argument: a span may carry its function name and, after a
// throw or a rejection, the error. Any other tag would be a value the runtime picked up by itself.
const EXPECTED_TAGS = new Set(['function-name', 'error.type', 'error.message', 'error.stack']);

function startTally() {
  const tally = { spans: 0, errors: 0, children: 0, names: new Set(), unexpectedTags: new Set(), warnings: [] };
  process.on('warning', (warning) => tally.warnings.push(`${warning.name}: ${warning.message}`));

  const drain = () => {
    const spans = getFinishedSpans();
    resetSpans();
    for (const span of spans) {
      tally.spans++;
      tally.errors += span.error;
      if (span.parentId !== null) tally.children++;
      tally.names.add(span.name);
      for (const key of Object.keys(span.tags)) if (!EXPECTED_TAGS.has(key)) tally.unexpectedTags.add(key);
    }
  };

  const write = () => {
    drain();
    const directory = process.env.DD_RELIABILITY_REPORTS;
    if (!directory) return;
    const report = { ...tally, names: [...tally.names], unexpectedTags: [...tally.unexpectedTags] };
    writeFileSync(path.join(directory, `${process.pid}-${randomUUID()}.json`), JSON.stringify(report));
  };

  return { drain, write };
}

module.exports = { startTally };
