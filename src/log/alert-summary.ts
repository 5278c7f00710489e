import type { EcsAlert } from '../alerts/ecs-alert.js';

// JSON.stringify escapes C0 controls, quotes and backslashes, but leaves DEL, the C1
// controls (U+009B is a one-character CSI on many terminals) and the Unicode line
// separators, any of which could rewrite or split the line a person reads.
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029]/g;

/** A name from a monitored process, quoted so it stays one inert token on one line. */
export function quoteUntrusted(text: string): string {
  return JSON.stringify(text).replace(UNESCAPED_BY_JSON, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One human line per alert for a terminal, e.g. `ALERT rwx+connect pid=1 name="x" -> …`. */
export function alertSummary(alert: EcsAlert): string {
  const { process, destination, network, rule, event } = alert;
  const host = network.type === 'ipv6' ? `[${destination.ip}]` : destination.ip;
  const target = `${host}:${destination.port}/${network.transport}`;
  const who = `pid=${process.pid} name=${quoteUntrusted(process.name)}`;

  const why = `(rule ${quoteUntrusted(rule.name)}, id ${event.id})`;

  return `ALERT rwx+connect ${who} -> ${target} ${why}`;
}
