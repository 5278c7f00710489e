import { z } from 'zod';

/**
 * The port OpenTelemetry's Prometheus exporter also defaults to: the exporters' range
 * (9100-9999) has no unclaimed port left. Change it when such an exporter runs here.
 */
export const METRICS_DEFAULT_PORT = 9464;

/**
 * The metrics and health listener. Off unless asked for: a security sensor opens no
 * socket by default, and two sensors on one host would otherwise fight for the port.
 */
export const METRICS_SCHEMA = z
  .object({
    enabled: z.boolean().default(false),
    /** Loopback by default: the endpoints carry no secrets but need no audience either. */
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 picks a free port; the `metrics listening` log line says which. */
    port: z.number().int().min(0).max(65_535).default(METRICS_DEFAULT_PORT),
  })
  .strict();

export type MetricsConfig = z.output<typeof METRICS_SCHEMA>;
