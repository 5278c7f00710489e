// Which format a line is in, judged from the line alone. The first line that is
// recognised fixes the format of its file (see file-parser.ts).

import type { Document } from './ecs-fields.js';
import { isDocument } from './ecs-fields.js';
import { RECORD_MARKER } from './sensor-format.js';

export type Detection =
  | { format: 'sensor' | 'ecs'; document: Document }
  | { format: 'audit' }
  | { format: undefined; reason: string };

// A record line, or one of the two separator lines ausearch prints between events.
const AUDIT_LINE = /^(?:(?:node=\S+ )?type=\w+ msg=audit\(|----$|time->)/;

/**
 * - a JSON object with the `rwxwatch.record` key: a sensor recording;
 * - any other JSON object: an ECS document;
 * - `[node=NAME ]type=TYPE msg=audit(`: a Linux audit log.
 */
export function detectLine(text: string): Detection {
  if (AUDIT_LINE.test(text)) {
    return { format: 'audit' };
  }
  if (!text.trimStart().startsWith('{')) {
    return { format: undefined, reason: 'not a line of any known format' };
  }

  const document = parseJson(text);
  if (!isDocument(document)) {
    return { format: undefined, reason: 'not a JSON object' };
  }
  return Object.hasOwn(document, RECORD_MARKER)
    ? { format: 'sensor', document }
    : { format: 'ecs', document };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
