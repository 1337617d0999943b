import { authorizePayment } from './payments.js';
import pricing from './pricing.cjs';
import { receiptLines } from './receipt.js';

export class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

//dd:span
function validateOrder(order) {
  if (order.items.length === 0) throw new ValidationError(`order ${order.id} has no items`);
  for (const item of order.items) {
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      throw new ValidationError(`bad quantity ${item.quantity} for ${item.sku}`);
    }
  }
}

// Reserve stock, charge the card, and hand back the receipt. Stock is released if the charge fails.
//dd:span order.kind:retail
export async function processOrder(order, inventory) {
  validateOrder(order);
  const priced = pricing.priceOrder(order.items);
  const reservation = await inventory.reserve(order.id, order.items);
  let charge;
  try {
    charge = await authorizePayment(order, priced.total);
  } catch (error) {
    await inventory.release(reservation);
    throw error;
  }
  return { receipt: [...receiptLines(priced)], chargeId: charge.id };
}
