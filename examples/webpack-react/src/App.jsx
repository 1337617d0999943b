import { useState } from 'react';
import { recordView } from './analytics';
import { loadCatalog, submitOrder } from './api';

//dd:span component:ProductList
function ProductList({ products, onAdd }) {
  return (
    <ul>
      {products.map((product) => (
        <li key={product.sku}>
          {product.name}, {product.price.toFixed(2)} €{' '}
          <button onClick={() => onAdd(product)}>Add {product.name}</button>
        </li>
      ))}
    </ul>
  );
}

export function App() {
  const [catalog, setCatalog] = useState(null);
  const [cart, setCart] = useState([]);
  const [status, setStatus] = useState('Welcome');

  //dd:span ui.action:load-catalog
  const onLoadClick = async () => {
    setStatus('Loading…');
    const loaded = await loadCatalog();
    setCatalog(loaded);
    setStatus(`${loaded.products.length} products, ${loaded.total.toFixed(2)} € in all`);
    // Counted once the list is on screen.
    setTimeout(() => recordView(loaded), 0);
  };

  //dd:span ui.action:add-to-cart
  const onAdd = (product) => {
    setCart((items) => [...items, product]);
  };

  //dd:span ui.action:checkout
  const onCheckoutClick = async () => {
    try {
      const order = await submitOrder(cart);
      setStatus(`Order ${order.id} placed`);
    } catch (error) {
      setStatus(`Checkout failed: ${error.message}`);
    }
  };

  return (
    <main>
      <h1>Shop</h1>
      <p role="status">{status}</p>
      <button onClick={onLoadClick}>Load products</button>
      {catalog && <ProductList products={catalog.products} onAdd={onAdd} />}
      <p>Cart: {cart.length} items</p>
      <button onClick={onCheckoutClick} disabled={cart.length === 0}>
        Check out
      </button>
    </main>
  );
}
