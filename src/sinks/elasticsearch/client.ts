import { readFileSync } from 'node:fs';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { ElasticsearchSinkConfig } from '../config.js';
import { CaFileError } from '../errors.js';

/** The data stream alerts go to, named by Elastic's type-dataset-namespace scheme. */
export function dataStreamName(namespace: string): string {
  return `logs-rwxwatch.alert-${namespace}`;
}

export function createClient(config: ElasticsearchSinkConfig): Client {
  return new Client({
    node: config.node,
    auth: authOf(config),
    tls: config.caFile === undefined ? undefined : { ca: readCa(config.caFile) },
    // Retries are the sink's own, with backoff and the spool behind them.
    maxRetries: 0,
    requestTimeout: config.requestTimeoutMs,
  });
}

function authOf(config: ElasticsearchSinkConfig): ClientOptions['auth'] {
  if (config.apiKey !== undefined) return { apiKey: config.apiKey };
  if (config.username === undefined || config.password === undefined) return undefined;

  return { username: config.username, password: config.password };
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CaFileError(file, error as Error);
  }
}
