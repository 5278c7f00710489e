import type { EcsAlert } from './ecs.js';

/** Where alerts go. A sink must not throw: it reports its own failures. */
export interface AlertSink {
  write(alert: EcsAlert): void;
  close(): Promise<void>;
}
