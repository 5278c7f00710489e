// One line of a Linux audit log: `[node=NAME ]type=TYPE msg=audit(SECONDS.MS:SERIAL): k=v ...`.
// auditd's ENRICHED log format appends a GS byte (0x1d) and the same fields
// interpreted in upper case (ARCH=x86_64 ...); only the raw part before it is read.

export interface AuditRecord {
  type: string;
  /** The record's time as written: seconds and milliseconds. */
  timeMs: number;
  /** Numbers the records of one event; restarts at boot, so it pairs with the time. */
  serial: number;
  /** Raw values: quoted ones keep their quotes (see auditString). */
  fields: ReadonlyMap<string, string>;
  /** The `node=` prefix that `name_format` adds: the host's name. */
  node: string | undefined;
}

const ENRICHED_SEPARATOR = '\x1d';
const HEADER = /^(?:node=(\S+) )?type=(\w+) msg=audit\((\d+)\.(\d{3}):(\d+)\):(.*)$/;
// A key, then a double-quoted, single-quoted or bare value.
const FIELD = /([\w-]+)=("[^"]*"|'[^']*'|\S*)/g;
const HEX_TEXT = /^(?:[0-9A-F]{2})+$/;

/** Parses one line; undefined when it does not have the audit record's shape. */
export function parseAuditRecord(text: string): AuditRecord | undefined {
  const [raw = ''] = text.split(ENRICHED_SEPARATOR, 1);
  const match = HEADER.exec(raw);
  if (match === null) {
    return undefined;
  }

  const [, node, type = '', seconds = '', millis = '', serial = '', body = ''] = match;
  return {
    type,
    timeMs: Number(seconds) * 1000 + Number(millis),
    serial: Number(serial),
    fields: parseFields(body),
    node,
  };
}

function parseFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();

  for (const [, key = '', value = ''] of body.matchAll(FIELD)) {
    // A repeated key keeps its first value, the one the kernel wrote.
    if (!fields.has(key)) {
      fields.set(key, value);
    }
  }
  return fields;
}

/**
 * A string field the kernel logged with audit_log_untrustedstring(): quoted when
 * plain, or hex of its bytes when it holds a space, a quote or a control or non-ASCII
 * byte (`comm=74726967676572`). `(null)` and other bare words are returned as is.
 */
export function auditString(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1);
  }
  if (HEX_TEXT.test(raw)) {
    return Buffer.from(raw, 'hex').toString('utf8');
  }

  return raw;
}
