// Process memory for Prometheus (prom-client) and OpenTelemetry: optional peers, loaded on use.
export { observeProcessMetrics, type ObservedProcessMetrics } from './opentelemetry.js';
export type { ProcessMetricsOptions } from './options.js';
export { registerProcessMetrics, REPLACED_DEFAULT_METRICS } from './prometheus.js';
