import { isIPv4, isIPv6 } from 'node:net';
// Most specific first: the first matching rule wins.
const V4_RULES = [
    [[169, 254, 169, 254], 32, 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
    [[0], 8, 'unspecified'],
    [[10], 8, 'private'],
    [[100, 64], 10, 'private'], // carrier-grade NAT; also Alibaba's metadata 100.100.100.200
    [[127], 8, 'loopback'],
    [[169, 254], 16, 'link-local'],
    [[172, 16], 12, 'private'],
    [[192, 0, 0], 24, 'reserved'],
    [[192, 0, 2], 24, 'reserved'],
    [[192, 88, 99], 24, 'reserved'],
    [[192, 168], 16, 'private'],
    [[198, 18], 15, 'reserved'],
    [[198, 51, 100], 24, 'reserved'],
    [[203, 0, 113], 24, 'reserved'],
    [[224], 4, 'multicast'],
    [[240], 4, 'reserved'], // includes the broadcast address
];
const V6_RULES = [
    [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'metadata'], // AWS fd00:ec2::254
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
    [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
    [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
    [[0x20, 0x01, 0, 0], 32, 'reserved'], // Teredo: tunnels to an arbitrary IPv4 address
    [[0xfc], 7, 'private'],
    [[0xfe, 0x80], 10, 'link-local'],
    [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
    [[0xff], 8, 'multicast'],
];
/**
 * Classifies an IP address (IPv4, or IPv6 with or without brackets). IPv6 forms that carry an
 * IPv4 address (`::ffff:127.0.0.1`, `::127.0.0.1`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are
 * classified by the IPv4 address inside, so they cannot smuggle loopback or metadata addresses.
 * Anything that is not an IP address is `reserved`.
 */
export function classifyAddress(address) {
    const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
    if (isIPv4(bare))
        return match(bare.split('.').map(Number), V4_RULES);
    if (!isIPv6(bare))
        return 'reserved';
    const bytes = parseIPv6(bare.replace(/%.*$/, ''));
    const zeros = (from, to) => bytes.slice(from, to).every((b) => b === 0);
    const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
    // ::a.b.c.d is the deprecated IPv4-compatible form; :: and ::1 are themselves.
    const compatible = zeros(0, 12) && !(zeros(12, 15) && (bytes[15] ?? 0) <= 1);
    if (mapped || compatible) {
        return match(bytes.slice(12), V4_RULES);
    }
    if (bytes[0] === 0x00 &&
        bytes[1] === 0x64 &&
        bytes[2] === 0xff &&
        bytes[3] === 0x9b &&
        zeros(4, 12)) {
        return match(bytes.slice(12), V4_RULES);
    }
    if (bytes[0] === 0x20 && bytes[1] === 0x02)
        return match(bytes.slice(2, 6), V4_RULES);
    return match(bytes, V6_RULES);
}
function match(bytes, rules) {
    for (const [prefix, bits, range] of rules) {
        let ok = true;
        for (let bit = 0; bit < bits && ok; bit += 8) {
            const i = bit / 8;
            const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
            ok = ((bytes[i] ?? 0) & mask) === ((prefix[i] ?? 0) & mask);
        }
        if (ok)
            return range;
    }
    return 'public';
}
/** 16 bytes of a valid IPv6 address (validated by the caller with `isIPv6`). */
function parseIPv6(address) {
    let text = address;
    const tail = [];
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted?.[1] !== undefined) {
        tail.push(...dotted[1].split('.').map(Number));
        text = `${text.slice(0, -dotted[1].length)}0:0`;
    }
    const [head = '', rest] = text.split('::');
    const groups = (part) => part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
    const left = groups(head);
    const right = rest === undefined ? [] : groups(rest);
    const all = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
    const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
    if (tail.length === 4)
        bytes.splice(12, 4, ...tail);
    return bytes;
}
//# sourceMappingURL=address-range.js.map