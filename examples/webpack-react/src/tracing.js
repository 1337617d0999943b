import { configure } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';

// Spans go to the page's own origin, where a proxy or the backend forwards them to a collector.
configure({
  tracer: createOtlpTracer({
    endpoint: new URL('/v1/traces', window.location.href).href,
    serviceName: 'shop-web',
    scheduledDelayMillis: 200,
  }),
});
