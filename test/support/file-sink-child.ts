// Writes alerts through a FileSink until killed, printing the id of the last alert it
// knows is written (flush resolved) after every batch.
import { pino } from 'pino';
import { FileSink } from '../../src/sinks/file/file-sink.js';
import { fakeAlert } from './alerts.js';

const file = process.argv[2] as string;
const sink = await FileSink.open(
  { path: file, maxBytes: 1 << 30, keep: 1, queueMax: 100_000 },
  pino({ level: 'silent' }),
);

for (let n = 0; ; ) {
  for (let i = 0; i < 20; i += 1, n += 1) sink.write(fakeAlert(`alert-${n}`, 200));
  await sink.flush();
  process.stdout.write(`${n - 1}\n`);
}
