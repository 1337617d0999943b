export class OutOfStockError extends Error {
  override name = 'OutOfStockError';
}

//dd:span component:inventory
export class Inventory {
  readonly #stock: Map<string, number>;

  constructor(stock: Record<string, number>) {
    this.#stock = new Map(Object.entries(stock));
  }

  reserve(sku: string, quantity: number): void {
    const available = this.#stock.get(sku) ?? 0;
    if (available < quantity) throw new OutOfStockError(`${sku}: ${available} left, ${quantity} wanted`);
    this.#stock.set(sku, available - quantity);
  }

  left(sku: string): number {
    return this.#stock.get(sku) ?? 0;
  }
}
