import { createError, pdkErrors } from '@stack-plugin/pdk';
import ipaddr from 'ipaddr.js';

/**
 * The kind of network an IP address belongs to. Everything but `public` is refused to plugins
 * unless a permission names that exact host.
 */
export type AddressRange =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

// ipaddr.js names the special-purpose ranges (IANA registries); this maps its names onto ours.
// Anycast infrastructure (AS112, AMT) is public; whatever is not routable on the internet
// (documentation, benchmarking, ORCHID, discard, segment routing) is `reserved`.
const RANGES: Readonly<Record<string, AddressRange>> = {
  unicast: 'public',
  as112: 'public',
  as112v6: 'public',
  amt: 'public',
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'private',
  private: 'private',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
};

/** Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack; AWS over IPv6). */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** Strips URL brackets and an IPv6 zone (`%eth0`). */
function bare(address: string): string {
  const inner = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return inner.replace(/%.*$/, '');
}

/** Whether `host` (brackets allowed) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  const ip = bare(host);
  return ipaddr.IPv4.isValidFourPartDecimal(ip) || ipaddr.IPv6.isValid(ip);
}

/**
 * Classifies an IP address (IPv4, or IPv6 with or without brackets). IPv6 forms that carry an
 * IPv4 address (mapped `::ffff:0:0/96`, translated `::ffff:0:0:0/96`, compatible `::/96`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are classified by the IPv4 address inside, so they
 * cannot smuggle loopback or metadata addresses; Teredo and local-use NAT64 hide theirs and
 * are `reserved`. Anything that is not an IP address is `reserved`.
 */
export function classifyAddress(address: string): AddressRange {
  const ip = bare(address);
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return classifyV4(ipaddr.IPv4.parse(ip));
  if (!ipaddr.IPv6.isValid(ip)) return 'reserved';
  const v6 = ipaddr.IPv6.parse(ip);
  const embedded = embeddedV4(v6);
  if (embedded !== undefined) return classifyV4(embedded);
  if (METADATA.has(v6.toString())) return 'metadata';
  return RANGES[v6.range()] ?? 'reserved';
}

function classifyV4(v4: ipaddr.IPv4): AddressRange {
  if (METADATA.has(v4.toString())) return 'metadata';
  return RANGES[v4.range()] ?? 'reserved';
}

/** The IPv4 address an IPv6 address carries, when its form says it carries one. */
function embeddedV4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (v6.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return v4(p[6] as number, p[7] as number);
    case 'rfc6052':
      // Only the well-known prefix puts the address last; local-use NAT64 is `reserved`.
      return p[1] === 0xff9b && p[2] === 0 ? v4(p[6] as number, p[7] as number) : undefined;
    case '6to4':
      return v4(p[1] as number, p[2] as number);
    default: {
      // The deprecated IPv4-compatible form `::a.b.c.d` (but `::` and `::1` are themselves).
      const compatible =
        p.slice(0, 6).every((g) => g === 0) && ((p[6] as number) !== 0 || (p[7] as number) > 1);
      return compatible ? v4(p[6] as number, p[7] as number) : undefined;
    }
  }
}

/**
 * Whether the address policy lets a connection reach `address`: public addresses always;
 * any other only when the hop's decision allows it (a permission named that exact host).
 */
export function addressAllowed(address: string, allowPrivate: boolean): boolean {
  return allowPrivate || classifyAddress(address) === 'public';
}

/**
 * What a net service does with the broker's decision for one hop: refuses, with
 * `NET_ADDRESS_BLOCKED`, every answer the policy does not let it reach. With the broker in
 * front this never fires (it refuses the same addresses first, and records that in the audit
 * log); it guards a service driven by any other `authorize`.
 */
export function assertAddressesAllowed(
  url: URL,
  addresses: readonly string[],
  allowPrivate: boolean,
): void {
  for (const address of addresses) {
    if (!addressAllowed(address, allowPrivate)) {
      throw createError(pdkErrors.NET_ADDRESS_BLOCKED, {
        url: url.href,
        address,
        range: classifyAddress(address),
        host: url.host,
      });
    }
  }
}
