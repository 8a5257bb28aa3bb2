import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/services/address-policy.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.100.100.200', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.19.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::', 'loopback'],
    ['fd00:ec2::254', 'metadata'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:4860:4860::8888', 'public'],
    ['2606:4700::1111', 'public'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it('classifies every spelling of an IPv4 address like the address itself', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (octets) => {
        const dotted = octets.join('.');
        const n = octets.reduce((acc, o) => acc * 256 + o, 0);
        const range = classifyAddress(dotted);
        // What the URL parser makes of decimal, hex and octal forms is what gets classified.
        for (const form of [String(n), `0x${n.toString(16)}`, `0${n.toString(8)}`]) {
          expect(classifyAddress(new URL(`http://${form}/`).hostname)).toBe(range);
        }
        const hex = (i: number) => ((octets[i]! << 8) | octets[i + 1]!).toString(16);
        expect(classifyAddress(`::ffff:${dotted}`)).toBe(range);
        expect(classifyAddress(new URL(`http://[::ffff:${dotted}]/`).hostname)).toBe(range);
        expect(classifyAddress(`64:ff9b::${hex(0)}:${hex(2)}`)).toBe(range);
      }),
      { numRuns: 500 },
    );
  });
});
