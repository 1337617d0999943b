// A CommonJS module in an ES module program: its compiled code reaches the runtime through
// `require`, the rest through `import`, and both land in the same traces.
const CATALOG = {
  'KB-01': { name: 'Mechanical keyboard', cents: 8900 },
  'MS-02': { name: 'Wireless mouse', cents: 2500 },
  'CB-03': { name: 'USB-C cable', cents: 900 },
};
const VAT_RATE = 0.2;

//dd:span pricing.currency:EUR
function priceOrder(items) {
  const lines = items.map(({ sku, quantity }) => {
    const product = CATALOG[sku];
    if (product === undefined) throw new RangeError(`unknown product ${sku}`);
    return { name: product.name, quantity, cents: product.cents * quantity };
  });
  const total = lines.reduce((sum, line) => sum + line.cents, 0);
  return { lines, total, vat: Math.round(total - total / (1 + VAT_RATE)) };
}

module.exports = { priceOrder };
