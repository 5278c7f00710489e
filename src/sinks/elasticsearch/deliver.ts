import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@elastic/elasticsearch';
import { type BulkOutcome, type QueuedAlert, sendBulk } from './bulk.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** Waits backoffMs, then twice as long after each further failure, up to maxBackoffMs. */
export function backoffDelay(policy: RetryPolicy, failures: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** exponent);
}

/**
 * Sends `alerts`, sending again with backoff what failed as a whole or came back 429 or
 * 5xx, until nothing is left, the retries run out or `signal` aborts. Never throws.
 */
export async function deliver(
  client: Client,
  index: string,
  alerts: QueuedAlert[],
  policy: RetryPolicy & { signal: AbortSignal },
): Promise<BulkOutcome> {
  const total: BulkOutcome = { delivered: 0, rejected: [], retry: alerts };

  for (let attempt = 0; total.retry.length > 0 && !policy.signal.aborted; attempt += 1) {
    if (attempt > policy.retries) break;
    if (attempt > 0) await pause(backoffDelay(policy, attempt), policy.signal);

    const outcome = await sendBulk(client, index, total.retry, policy.signal);
    total.delivered += outcome.delivered;
    total.rejected.push(...outcome.rejected);
    total.retry = outcome.retry;
    total.error = outcome.error;
  }
  return total;
}

/** Sleeps `ms`, ending early (without throwing) when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => {});
}
