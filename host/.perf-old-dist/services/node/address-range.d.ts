/**
 * The kind of network an IP address belongs to. Everything but `public` is refused to plugins
 * unless the exact host was declared.
 */
export type AddressRange = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';
/**
 * Classifies an IP address (IPv4, or IPv6 with or without brackets). IPv6 forms that carry an
 * IPv4 address (`::ffff:127.0.0.1`, `::127.0.0.1`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are
 * classified by the IPv4 address inside, so they cannot smuggle loopback or metadata addresses.
 * Anything that is not an IP address is `reserved`.
 */
export declare function classifyAddress(address: string): AddressRange;
//# sourceMappingURL=address-range.d.ts.map