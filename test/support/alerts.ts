import type { EcsAlert } from '../../src/alerts/ecs.js';

/** A stand-in alert: sinks read nothing but event.id and serialize the rest. */
export function fakeAlert(id: string, padding = 0): EcsAlert {
  const alert = {
    '@timestamp': new Date(0).toISOString(),
    event: { id },
    pad: 'x'.repeat(padding),
  };
  return alert as unknown as EcsAlert;
}
