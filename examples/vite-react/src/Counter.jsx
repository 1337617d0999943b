import { useState } from 'react';

//dd:span
function nextValue(value, step) {
  return value + step;
}

//dd:span component:Counter
export function Counter({ step }) {
  const [count, setCount] = useState(0);

  //dd:span ui.action:increment
  const increment = () => {
    setCount(nextValue(count, step));
  };

  return <button onClick={increment}>Count: {count}</button>;
}
