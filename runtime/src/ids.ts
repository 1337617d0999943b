// Ids are random hex strings: 128-bit trace ids (W3C and Datadog's 128-bit mode) and 64-bit span ids.
// Math.random is enough here: ids must be unique, not unpredictable, and it is the fastest source in
// every environment.
function hex32(): string {
  return ((Math.random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
}

/** A new 64-bit span id as 16 lowercase hex digits, never all zeros. */
export function newSpanId(): string {
  const id = hex32() + hex32();
  return id === '0000000000000000' ? newSpanId() : id;
}

/** A new 128-bit trace id as 32 lowercase hex digits, never all zeros. */
export function newTraceId(): string {
  return newSpanId() + newSpanId();
}
