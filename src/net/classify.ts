// Destination exclusions of the rule, as cidrmatch() judges them. An IPv4-mapped IPv6
// address (::ffff:a.b.c.d) is judged as the IPv4 address it carries, both in events and
// in configured ranges, so "127.0.0.0/8" also covers ::ffff:127.0.0.1.
import ipaddr from 'ipaddr.js';
import { RwxwatchError } from '../errors.js';
import type { KernelRange } from '../native/binding.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** The rule's `not cidrmatch(destination.ip, ...)` list; "::1" is an exact address. */
export const RULE_EXCLUDED_DESTINATIONS: readonly string[] = [
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '::1',
];

/** A configured destination is neither an address nor a CIDR range. */
export class InvalidDestinationError extends RwxwatchError {
  readonly code = 'INVALID_DESTINATION';

  constructor(readonly value: string) {
    super(`invalid destination address or CIDR range: ${JSON.stringify(value)}`);
  }
}

export class DestinationFilter {
  private constructor(private readonly ranges: readonly Range[]) {}

  /** Entries are CIDR ranges or exact addresses; throws InvalidDestinationError. */
  static fromList(entries: readonly string[]): DestinationFilter {
    return new DestinationFilter(entries.map(rangeOrThrow));
  }

  /**
   * The same ranges for the kernel's tries (bpf/maps.bpf.h): bytes in network order.
   * Mapped ranges were already turned into IPv4 when parsed, as the kernel expects.
   */
  kernelRanges(): KernelRange[] {
    return this.ranges.map(([base, prefix]) => ({
      family: base.kind() === 'ipv4' ? 4 : 6,
      address: base.toByteArray(),
      prefix,
    }));
  }

  // An address that does not parse is reported, not excluded: dropping it would hide
  // a connection the sensor cannot judge.
  excludes(ip: string): boolean {
    const address = parseAddress(ip);
    if (address === undefined) {
      return false;
    }

    return this.ranges.some(
      ([base, bits]) => base.kind() === address.kind() && address.match(base, bits),
    );
  }
}

const RULE_FILTER = DestinationFilter.fromList(RULE_EXCLUDED_DESTINATIONS);

export function isRuleExcludedDestination(ip: string): boolean {
  return RULE_FILTER.excludes(ip);
}

/** The address family an IP is judged as (mapped IPv6 counts as IPv4), if it parses. */
export function judgedIpKind(ip: string): 'ipv4' | 'ipv6' | undefined {
  return parseAddress(ip)?.kind();
}

/** True when `entry` is an address or CIDR range that DestinationFilter accepts. */
export function isDestinationEntry(entry: string): boolean {
  return parseEntry(entry) !== undefined;
}

function rangeOrThrow(entry: string): Range {
  const range = parseEntry(entry);
  if (range === undefined) {
    throw new InvalidDestinationError(entry);
  }

  return range;
}

function parseEntry(entry: string): Range | undefined {
  const [text = '', bitsText, extra] = entry.split('/');
  const address = parseAddress(text);
  if (address === undefined || extra !== undefined) {
    return undefined;
  }

  const writtenBits = text.includes(':') ? 128 : 32;
  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  // A mapped range written in IPv6 keeps only the bits that fall on its IPv4 part.
  const bits = prefixBits(bitsText, writtenBits) - (writtenBits - maxBits);
  return bits >= 0 && bits <= maxBits ? [address, bits] : undefined;
}

// No prefix means an exact address; NaN for anything but plain digits fails the caller.
function prefixBits(text: string | undefined, writtenBits: number): number {
  if (text === undefined) {
    return writtenBits;
  }

  return /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
}

// Strict on IPv4: only four-part decimal, so "127.1" or "0x7f.1" is not read as loopback.
function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return ipaddr.IPv4.parse(text);
  }
  if (!ipaddr.IPv6.isValid(text)) {
    return undefined;
  }

  const address = ipaddr.IPv6.parse(text);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}
