import { setTimeout as sleep } from 'node:timers/promises';

export class OutOfStockError extends Error {
  constructor(sku) {
    super(`${sku} is out of stock`);
    this.name = 'OutOfStockError';
  }
}

// The directive above the class traces each of its methods; the tag goes on every span.
//dd:span component:inventory
export class Inventory {
  #stock;

  constructor(stock) {
    this.#stock = new Map(Object.entries(stock));
  }

  //orchestrion:ignore called once per item, a span each would be noise
  available(sku) {
    return this.#stock.get(sku) ?? 0;
  }

  async reserve(orderId, items) {
    await sleep(4); // the stock lives in a database
    for (const { sku, quantity } of items) {
      if (this.available(sku) < quantity) throw new OutOfStockError(sku);
    }
    for (const { sku, quantity } of items) this.#stock.set(sku, this.available(sku) - quantity);
    return { orderId, items };
  }

  async release(reservation) {
    await sleep(2);
    for (const { sku, quantity } of reservation.items) this.#stock.set(sku, this.available(sku) + quantity);
  }

}
