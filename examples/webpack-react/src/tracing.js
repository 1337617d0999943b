import { configure } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';

// Spans go to the page's own origin, where a proxy or the backend forwards them to a collector.
configure({
  tracer: createOtlpTracer({
    endpoint: '/v1/traces',
    serviceName: 'shop-web',
    scheduledDelayMillis: 200,
  }),
});
