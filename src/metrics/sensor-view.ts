import type { Correlator } from '../correlate/correlator.js';
import type { Enricher } from '../enrich/enricher.js';
import type { NativeSensor } from '../native/binding.js';
import type { LinkWatch } from '../sensor/link-watch.js';
import type { PipelineStats } from '../sensor/pipeline.js';

/** What metrics and health read from a running sensor; the sensor keeps ownership. */
export interface SensorView {
  native: Pick<NativeSensor, 'counters' | 'transport' | 'modes'>;
  links: Pick<LinkWatch, 'check'>;
  pipeline: { readonly stats: Pick<PipelineStats, 'alerts'> };
  correlator: Pick<Correlator, 'stats'>;
  enricher?: Pick<Enricher, 'stats'>;
  pollIntervalMs: number;
}
