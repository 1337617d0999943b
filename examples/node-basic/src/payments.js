import { setTimeout as sleep } from 'node:timers/promises';

export class PaymentError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'PaymentError';
    this.code = code;
  }
}

// A call to a payment provider. Test card numbers ending in 0002 are always declined.
//dd:span span.name:payment.authorize resource.name:"POST /v1/charges" span.type:http payment.provider:acme
export const authorizePayment = async (order, amount) => {
  await sleep(6);
  if (order.card.endsWith('0002')) throw new PaymentError('card declined', 'card_declined');
  return { id: `ch_${order.id.toLowerCase()}`, amount };
};
