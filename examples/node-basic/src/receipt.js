const money = (cents) => `${(cents / 100).toFixed(2)} EUR`;

// A generator's span starts at the first next() and ends when the receipt has been read to the end.
//dd:span receipt.format:text
export function* receiptLines(priced) {
  for (const line of priced.lines) {
    yield `${line.quantity} × ${line.name.padEnd(20)} ${money(line.cents).padStart(10)}`;
  }
  yield `${'VAT included'.padEnd(24)} ${money(priced.vat).padStart(10)}`;
  yield `${'Total'.padEnd(24)} ${money(priced.total).padStart(10)}`;
}
