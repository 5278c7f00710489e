/**
 * What one sink did with the alerts handed to it. `written` counts alerts that reached
 * their destination (for Elasticsearch, including a 409 for an alert already indexed);
 * `failed` those lost to an error or rejected; `dropped` those thrown away by a full
 * queue or a full spool. `spooled` counts alerts put in the spool, `spoolBytes` is what
 * the spool holds now.
 */
export interface SinkCounters {
  written: number;
  failed: number;
  spooled: number;
  spoolBytes: number;
  dropped: number;
}

export function newCounters(): SinkCounters {
  return { written: 0, failed: 0, spooled: 0, spoolBytes: 0, dropped: 0 };
}
