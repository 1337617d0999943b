import { useState } from 'react';

//dd:span component:Rating
export function Rating({ max = 5, initial = 0 }) {
  const [value, setValue] = useState(initial);

  //dd:span ui.action:rate
  const rate = (stars) => setValue(stars);

  return (
    <div role="radiogroup" aria-label="Rating">
      {Array.from({ length: max }, (_, index) => (
        <button key={index} role="radio" aria-checked={index < value} onClick={() => rate(index + 1)}>
          {index < value ? '★' : '☆'}
        </button>
      ))}
    </div>
  );
}
