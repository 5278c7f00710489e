import { StdoutSink } from '../alerts/stdout-sink.js';
import type { Logger } from '../log/logger.js';
import type { SinkConfig } from './config.js';
import { newCounters } from './counters.js';
import { createClient } from './elasticsearch/client.js';
import { ElasticsearchSink } from './elasticsearch/sink.js';
import { FanOutSink, type NamedSink } from './fan-out.js';
import { FileSink } from './file/file-sink.js';
import { Spool } from './spool/spool.js';

/** Leaves the fan-out's own close a second to log what the sinks did. */
const ES_CLOSE_TIMEOUT_MS = 4_000;

/** Opens every configured sink; if one cannot be opened, closes those already open. */
export async function openSinks(configs: SinkConfig[], log: Logger): Promise<FanOutSink> {
  const sinks: NamedSink[] = [];

  try {
    for (const [index, config] of configs.entries()) {
      const name = `${config.type}[${index}]`;
      sinks.push({ name, sink: await openSink(config, log.child({ sink: name })) });
    }
  } catch (error) {
    await Promise.allSettled(sinks.map(({ sink }) => sink.close()));
    throw error;
  }
  return new FanOutSink(sinks, log);
}

async function openSink(config: SinkConfig, log: Logger): Promise<NamedSink['sink']> {
  if (config.type === 'stdout') return new StdoutSink();
  if (config.type === 'file') return FileSink.open(config, log);

  const spool = await Spool.open(config.spoolDir, config.spoolMaxBytes, newCounters(), log);
  const options = { ...config, closeTimeoutMs: ES_CLOSE_TIMEOUT_MS };
  const sink = new ElasticsearchSink(createClient(config), spool, options, log);
  const { spoolBytes } = spool.counters;
  log.info({ index: sink.index, spoolBytes }, 'elasticsearch sink open');
  return sink;
}
