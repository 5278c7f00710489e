/**
 * pino cannot serialise bigint. Kernel counters are bigints that stay far
 * below 2^53 in practice, so logs show them as plain numbers.
 */
export function withNumbers(value: object): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
