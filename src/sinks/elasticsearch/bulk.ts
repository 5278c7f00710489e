// One bulk request and the sorting of its per-item results. Each alert is a `create`
// with the alert's event.id as _id: an alert sent again after an outage or a restart
// comes back 409 instead of being indexed twice, and counts as delivered.
import type { Client } from '@elastic/elasticsearch';

/** An alert as it travels: its id and its serialized document. */
export interface QueuedAlert {
  id: string;
  line: string;
}

export interface Rejection {
  id: string;
  status: number;
  type: string | undefined;
  reason: string | undefined;
}

export interface BulkOutcome {
  delivered: number;
  rejected: Rejection[];
  /** Alerts to send again, in their original order. */
  retry: QueuedAlert[];
  /** Why the whole request failed, when it did. */
  error?: unknown;
}

export async function sendBulk(
  client: Client,
  index: string,
  alerts: QueuedAlert[],
  signal: AbortSignal,
): Promise<BulkOutcome> {
  const operations = alerts.flatMap((a) => [{ create: { _index: index, _id: a.id } }, a.line]);

  try {
    const response = await client.bulk({ operations }, { signal });
    return sortResults(alerts, response.items);
  } catch (error) {
    return { delivered: 0, rejected: [], retry: alerts, error };
  }
}

type ItemResult = { status: number; error?: { type?: string; reason?: string | null } };

function sortResults(
  alerts: QueuedAlert[],
  items: Partial<Record<string, ItemResult>>[],
): BulkOutcome {
  const outcome: BulkOutcome = { delivered: 0, rejected: [], retry: [] };

  alerts.forEach((alert, i) => {
    const result = items[i]?.create;
    const status = result?.status ?? 500;
    if (status < 300 || status === 409) outcome.delivered += 1;
    else if (status === 429 || status >= 500) outcome.retry.push(alert);
    else outcome.rejected.push(rejection(alert.id, status, result?.error));
  });
  return outcome;
}

function rejection(id: string, status: number, error: ItemResult['error']): Rejection {
  return { id, status, type: error?.type, reason: error?.reason ?? undefined };
}
