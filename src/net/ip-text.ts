// Address text for events read from files (src/replay), written the way the decoder
// writes kernel addresses, so a replayed alert reads like a live one.
import ipaddr from 'ipaddr.js';

export interface IpText {
  ip: string;
  family: 4 | 6;
}

/** Text of a 4- or 16-byte address in network order. */
export function formatIpBytes(bytes: Uint8Array): IpText {
  if (bytes.length === 4) {
    return { ip: Array.from(bytes).join('.'), family: 4 };
  }

  const address = new ipaddr.IPv6(Array.from(bytes));
  // RFC 5952 section 5: a mapped address keeps its IPv4 part dotted (::ffff:192.0.2.1);
  // ipaddr.js would print it as hex groups.
  if (address.isIPv4MappedAddress()) {
    return { ip: `::ffff:${address.toIPv4Address().toString()}`, family: 6 };
  }

  return { ip: address.toString(), family: 6 };
}

/** The canonical form of an address written as text; undefined when it is not one. */
export function canonicalIp(text: string): IpText | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return formatIpBytes(Uint8Array.from(ipaddr.IPv4.parse(text).toByteArray()));
  }
  if (!ipaddr.IPv6.isValid(text)) {
    return undefined;
  }

  return formatIpBytes(Uint8Array.from(ipaddr.IPv6.parse(text).toByteArray()));
}
