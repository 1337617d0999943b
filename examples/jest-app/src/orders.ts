import type { Inventory } from './inventory';
import { priceCart } from './pricing';

export interface Cart {
  lines: { sku: string; quantity: number; price: number }[];
}

export interface Payments {
  charge(amount: number): Promise<string>;
}

//dd:span order.kind:retail resource.name:"POST /orders"
export async function placeOrder(cart: Cart, inventory: Inventory, payments: Payments) {
  for (const line of cart.lines) inventory.reserve(line.sku, line.quantity);
  const receipt = await payments.charge(priceCart(cart));
  return confirm(receipt);
}

//dd:span
function confirm(receipt: string) {
  return { status: 'confirmed' as const, receipt };
}
