// A reporter for node's test runner that writes one JSON line per finished test or suite:
// `{ "file", "path": [suite…, test], "status": "pass" | "fail" | "skip" | "todo" }`.
const status = (type, data) => {
  if (data.skip) return 'skip';
  if (data.todo) return 'todo';
  return type === 'test:pass' ? 'pass' : 'fail';
};

export default async function* results(source) {
  // The names of the tests started and not yet finished, per file: a finished test's ancestors.
  const open = new Map();
  for await (const { type, data } of source) {
    if (type === 'test:start') {
      const stack = open.get(data.file) ?? [];
      stack.length = data.nesting;
      stack.push(data.name);
      open.set(data.file, stack);
    } else if (type === 'test:pass' || type === 'test:fail') {
      const ancestors = (open.get(data.file) ?? []).slice(0, data.nesting);
      yield `${JSON.stringify({ file: data.file, path: [...ancestors, data.name], status: status(type, data) })}\n`;
    }
  }
}
