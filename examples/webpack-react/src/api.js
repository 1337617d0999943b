//dd:span component:catalog
export async function loadCatalog() {
  const response = await fetch('/api/products?lang=en');
  const products = await response.json();
  return { products, total: totalPrice(products) };
}

//dd:span
function totalPrice(products) {
  return products.reduce((sum, product) => sum + product.price, 0);
}

//dd:span component:orders
export async function submitOrder(cart) {
  const response = await fetch('/api/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ skus: cart.map((product) => product.sku) }),
  });
  if (!response.ok) throw new Error(`the order was refused: HTTP ${response.status}`);
  return response.json();
}
