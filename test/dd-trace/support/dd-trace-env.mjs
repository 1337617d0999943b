// The environment dd-trace runs with in these tests: traces go to the stand-in and are flushed
// every few milliseconds; everything that would reach out elsewhere or print is off.
export function ddTraceEnv(agentUrl, { service }) {
  return {
    DD_TRACE_AGENT_URL: agentUrl,
    DD_TRACE_FLUSH_INTERVAL: '20',
    DD_SERVICE: service,
    DD_ENV: 'test',
    DD_VERSION: '1.2.3',
    DD_TRACE_STARTUP_LOGS: 'false',
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
    DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    DD_PROFILING_ENABLED: 'false',
    DD_CRASHTRACKING_ENABLED: 'false',
    DD_RUNTIME_METRICS_ENABLED: 'false',
  };
}
