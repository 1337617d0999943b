const TAX_RATE = 0.2;

//dd:span
export function priceCart(cart) {
  const subtotal = cart.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return Math.round(subtotal * (1 + TAX_RATE) * 100) / 100;
}
