// Reads the TAP that tape prints: `# name` opens a test, `ok n message` / `not ok n message` are its
// assertions, and the plan line `1..n` ends the list (the totals after it are tape's own summary).
const ASSERTION = /^(not )?ok \d+(?: -)? ?(.*?)(?: # (SKIP|TODO)\b.*)?$/i;

/**
 * The tests of one TAP stream, in order: `{ name, assertions: [{ message, ok, directive }] }`.
 * A name that repeats gets ` (2)`, ` (3)`, … so that every test has a key of its own.
 */
export function parseTap(text) {
  const tests = [];
  const seen = new Map();
  let current = null;
  for (const line of text.split('\n')) {
    if (/^1\.\.\d+/.test(line)) break;
    const header = /^# (.*)$/.exec(line);
    if (header !== null) {
      const count = (seen.get(header[1]) ?? 0) + 1;
      seen.set(header[1], count);
      current = { name: count === 1 ? header[1] : `${header[1]} (${count})`, assertions: [] };
      tests.push(current);
      continue;
    }
    const assertion = ASSERTION.exec(line);
    if (assertion === null) continue;
    if (current === null) {
      current = { name: '(before any test)', assertions: [] };
      tests.push(current);
    }
    current.assertions.push({ message: assertion[2], ok: assertion[1] === undefined, directive: assertion[3]?.toUpperCase() ?? null });
  }
  return tests;
}
