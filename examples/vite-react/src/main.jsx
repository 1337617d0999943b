import { configure, createConsoleTracer } from 'dd-span-runtime';
import { createRoot } from 'react-dom/client';
import { Counter } from './Counter';

// Each trace is printed as a tree in the browser console.
configure({ tracer: createConsoleTracer() });

createRoot(document.getElementById('root')).render(<Counter step={2} />);
