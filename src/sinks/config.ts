// The `sinks` configuration key: where alerts go, several at once. Paths are absolute
// because the sensor runs as root from wherever it was started.
import { z } from 'zod';

const MIB = 1024 * 1024;
/** Elasticsearch refuses a data stream namespace with a hyphen or upper case. */
const NAMESPACE = /^[a-z0-9_]{1,100}$/;

const absolutePath = z.string().startsWith('/', 'must be an absolute path');

const STDOUT_SINK = z.object({ type: z.literal('stdout') }).strict();

const FILE_SINK = z
  .object({
    type: z.literal('file'),
    path: absolutePath,
    /** The file is rotated before a write would take it past this size. */
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .default(100 * MIB),
    /** Rotated files kept: path.1 (newest) to path.N. */
    keep: z.number().int().min(0).max(1000).default(5),
    /** Alerts waiting for the disk; past this they are dropped and counted. */
    queueMax: z.number().int().min(1).default(10_000),
  })
  .strict();

const ELASTICSEARCH_SINK = z
  .object({
    type: z.literal('elasticsearch'),
    node: z.url({ protocol: /^https?$/ }),
    namespace: z.string().regex(NAMESPACE, 'lower case, digits and _ only').default('default'),
    apiKey: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    caFile: absolutePath.optional(),
    spoolDir: absolutePath.default('/var/lib/rwxwatch/spool'),
    spoolMaxBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(256 * MIB),
    /** Alerts waiting in memory; past this the queue moves to the spool. */
    queueMax: z.number().int().min(1).default(10_000),
    batchMax: z.number().int().min(1).max(10_000).default(500),
    /** Attempts after the first before a batch goes to the spool. */
    retries: z.number().int().min(0).max(20).default(3),
    backoffMs: z.number().int().min(1).default(500),
    maxBackoffMs: z.number().int().min(1).default(30_000),
    requestTimeoutMs: z.number().int().min(100).default(10_000),
  })
  .strict()
  .superRefine((sink, ctx) => {
    if (sink.apiKey !== undefined && sink.username !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give apiKey or username, not both' });
    }
    if ((sink.username === undefined) !== (sink.password === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'username and password go together' });
    }
  });

const SINK_SCHEMA = z.discriminatedUnion('type', [STDOUT_SINK, FILE_SINK, ELASTICSEARCH_SINK]);

/** Every alert goes to each sink listed; without the key, to stdout only. */
export const SINKS_SCHEMA = z
  .array(SINK_SCHEMA)
  .min(1)
  .default([{ type: 'stdout' }]);

export type SinkConfig = z.output<typeof SINK_SCHEMA>;
export type FileSinkConfig = z.output<typeof FILE_SINK>;
export type ElasticsearchSinkConfig = z.output<typeof ELASTICSEARCH_SINK>;
