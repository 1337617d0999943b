// Ids are random lowercase hex: 128-bit trace ids (W3C, and Datadog's 128-bit mode) and 64-bit span
// ids. Random words come in batches from crypto.getRandomValues (in Node 20 and every browser), and
// bytes become hex through a table: Number#toString(16) plus padding cost ~300 ns a word, this ~10.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const words = new Uint32Array(4096);
let next = words.length;

function randomWord(): number {
  if (next === words.length) {
    globalThis.crypto.getRandomValues(words);
    next = 0;
  }
  return words[next++]!;
}

function hexWord(word: number): string {
  return HEX[word >>> 24]! + HEX[(word >>> 16) & 255]! + HEX[(word >>> 8) & 255]! + HEX[word & 255]!;
}

/** A new 64-bit span id as 16 lowercase hex digits, never all zeros. */
export function newSpanId(): string {
  const high = randomWord();
  const low = randomWord();
  return high === 0 && low === 0 ? newSpanId() : hexWord(high) + hexWord(low);
}

/** A new 128-bit trace id as 32 lowercase hex digits, never all zeros. */
export function newTraceId(): string {
  return newSpanId() + newSpanId();
}
