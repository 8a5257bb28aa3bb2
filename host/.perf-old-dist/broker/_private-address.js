import { BlockList, isIP } from 'node:net';
// Loopback, private, link-local, carrier-grade NAT, "this network", benchmarking, multicast and
// reserved ranges: nothing a plugin should reach by accident or by a DNS answer it controls.
const blocked = new BlockList();
for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
]) {
    blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
]) {
    blocked.addSubnet(net, prefix, 'ipv6');
}
/** Whether `address` (an IP literal, brackets allowed) is loopback, private, link-local or reserved. */
export function isPrivateAddress(address) {
    const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
    const family = isIP(ip);
    if (family === 4)
        return blocked.check(ip, 'ipv4');
    if (family !== 6)
        return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped?.[1] !== undefined)
        return blocked.check(mapped[1], 'ipv4');
    return blocked.check(ip, 'ipv6');
}
/** Whether `host` is an IP literal rather than a name. */
export function isIpLiteral(host) {
    const ip = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    return isIP(ip) !== 0;
}
//# sourceMappingURL=_private-address.js.map