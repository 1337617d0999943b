// A tiny shop checkout. Every function marked //dd:span opens a span when it runs; the console
// tracer prints each order's trace as a tree once the order is done.
import { configure, createConsoleSink, createNativeTracer } from 'dd-span-runtime';
import { createOtlpExporter } from 'dd-span-runtime/otlp';
import { Inventory } from './inventory.js';
import { processOrder } from './orders.js';

// Always print the trees; also send the spans over OTLP when an endpoint is configured
// (OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 npm run demo).
const printTree = createConsoleSink();
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
const exporter = endpoint ? createOtlpExporter({ serviceName: process.env.DD_SERVICE ?? 'shop-checkout' }) : null;
configure({
  tracer: createNativeTracer((span) => {
    printTree(span);
    exporter?.sink(span);
  }),
});

const inventory = new Inventory({ 'KB-01': 4, 'MS-02': 12, 'CB-03': 30 });

const orders = [
  {
    id: 'A-1001',
    customer: 'ada@example.com',
    card: '4242 4242 4242 4242',
    items: [
      { sku: 'KB-01', quantity: 1 },
      { sku: 'MS-02', quantity: 2 },
    ],
  },
  { id: 'A-1002', customer: 'grace@example.com', card: '4000 0000 0000 0002', items: [{ sku: 'CB-03', quantity: 3 }] },
  { id: 'A-1003', customer: 'alan@example.com', card: '4242 4242 4242 4242', items: [] },
];

// The handler a web framework would call for each request: it never throws, it reports.
//dd:span span.name:checkout channel:web
async function checkout(order) {
  console.log(`Order ${order.id} from ${order.customer}`);
  try {
    const { receipt, chargeId } = await processOrder(order, inventory);
    for (const line of receipt) console.log(`  ${line}`);
    console.log(`  paid, charge ${chargeId}`);
  } catch (error) {
    console.log(`  not placed: ${error.name}: ${error.message}`);
  }
}

for (const order of orders) await checkout(order);

if (exporter) {
  await exporter.shutdown();
  const { exported, failed, dropped } = exporter.stats();
  console.log(`OTLP: ${exported} spans sent to ${exporter.endpoint}${failed + dropped ? `, ${failed + dropped} not delivered` : ''}`);
}
