import type { Registry } from 'prom-client';
import { type Sample, scrapedGauge } from './scraped.js';
import type { SensorView } from './sensor-view.js';

/** Where each hook is attached, and whether its links still hold their programs. */
export function registerHookMetrics(registry: Registry, view: SensorView): void {
  scrapedGauge(registry, {
    name: 'rwxwatch_hook_attach_mode',
    help: 'Attach mode each hook uses (1 for the mode in use)',
    labelNames: ['hook', 'mode'],
    read: () => {
      const modes = Object.entries(view.native.modes());
      return modes.map(([hook, mode]): Sample => [{ hook, mode: String(mode) }, 1]);
    },
  });
  scrapedGauge(registry, {
    name: 'rwxwatch_hook_links',
    help: 'Kernel links per hook, by state (attached, detached)',
    labelNames: ['hook', 'state'],
    read: () => linkCounts(view),
  });
}

function linkCounts(view: SensorView): Sample[] {
  const counts = new Map<string, number>();

  for (const link of view.links.check()) {
    const key = `${link.hook}\u0000${link.attached ? 'attached' : 'detached'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, value]): Sample => {
    const [hook = '', state = ''] = key.split('\u0000');
    return [{ hook, state }, value];
  });
}
