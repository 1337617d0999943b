// The pattern we recommend for testing your own instrumentation: `dd-span-runtime/testing` records
// every finished span in memory, and each test asserts on them after calling the real code.
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { Inventory, OutOfStockError } from '../src/inventory';
import { placeOrder } from '../src/orders';

const cart = { lines: [{ sku: 'tea', quantity: 2, price: 4.5 }] };
const payments = { charge: async (amount) => `paid ${amount}` };

const spanNamed = (name) => getFinishedSpans().find((span) => span.name === name);

beforeEach(resetSpans);

test('an order is one trace: placeOrder above its reservation, pricing and confirmation', async () => {
  const inventory = new Inventory({ tea: 5 });

  await expect(placeOrder(cart, inventory, payments)).resolves.toEqual({ status: 'confirmed', receipt: 'paid 10.8' });

  expect(getFinishedSpans().map((span) => span.name)).toEqual(['reserve', 'priceCart', 'confirm', 'placeOrder']);
  const order = spanNamed('placeOrder');
  expect(order).toMatchObject({ resource: 'POST /orders', parentId: null, error: 0 });
  expect(order.tags).toMatchObject({ 'function-name': 'placeOrder', 'order.kind': 'retail' });
  for (const name of ['reserve', 'priceCart', 'confirm']) {
    expect(spanNamed(name)).toMatchObject({ traceId: order.traceId, parentId: order.spanId });
  }
});

test('a class directive traces each method with its tags, and not the constructor', () => {
  const inventory = new Inventory({ tea: 1 });

  expect(inventory.left('tea')).toBe(1);

  expect(getFinishedSpans()).toEqual([
    expect.objectContaining({ name: 'left', parentId: null, tags: expect.objectContaining({ component: 'inventory' }) }),
  ]);
});

test('an error is recorded on the span that threw and on each caller it passes through, and still thrown', async () => {
  await expect(placeOrder(cart, new Inventory({ tea: 1 }), payments)).rejects.toThrow(OutOfStockError);

  expect(spanNamed('reserve')).toMatchObject({ error: 1 });
  expect(spanNamed('reserve').tags).toMatchObject({ 'error.type': 'OutOfStockError', 'error.message': 'tea: 1 left, 2 wanted' });
  expect(spanNamed('placeOrder')).toMatchObject({ error: 1 });
  expect(spanNamed('priceCart')).toBeUndefined();
});
