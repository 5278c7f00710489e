// The SOCKADDR record's `saddr`: hex of the struct sockaddr the program passed to
// connect(), as x86_64 lays it out. sa_family is host order (little-endian); ports
// and addresses are network order.
import { formatIpBytes, type IpText } from '../net/ip-text.js';

export interface SocketAddress extends IpText {
  port: number;
}

export type SockaddrResult =
  | { type: 'address'; address: SocketAddress }
  /** A family the rule does not cover (AF_UNIX, AF_NETLINK, AF_UNSPEC, ...). */
  | { type: 'other-family'; family: number }
  | { type: 'malformed'; reason: string };

const AF_INET = 2;
const AF_INET6 = 10;
const HEX_BYTES = /^(?:[0-9A-Fa-f]{2})+$/;

// struct sockaddr_in: family at 0, port at 2, address at 4..8.
// struct sockaddr_in6: family at 0, port at 2, flow info at 4, address at 8..24.
const LAYOUTS = new Map([
  [AF_INET, { addressAt: 4, addressBytes: 4 }],
  [AF_INET6, { addressAt: 8, addressBytes: 16 }],
]);

export function parseSockaddr(hex: string): SockaddrResult {
  if (!HEX_BYTES.test(hex)) {
    return { type: 'malformed', reason: 'saddr: must be hex bytes' };
  }

  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 2) {
    return { type: 'malformed', reason: 'saddr: shorter than sa_family' };
  }

  const family = bytes.readUInt16LE(0);
  const layout = LAYOUTS.get(family);
  if (layout === undefined) {
    return { type: 'other-family', family };
  }

  const end = layout.addressAt + layout.addressBytes;
  if (bytes.length < end) {
    return { type: 'malformed', reason: `saddr: family ${family} needs ${end} bytes` };
  }
  const ip = formatIpBytes(bytes.subarray(layout.addressAt, end));
  return { type: 'address', address: { ...ip, port: bytes.readUInt16BE(2) } };
}
