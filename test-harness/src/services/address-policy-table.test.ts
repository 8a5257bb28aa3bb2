import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeNetService, createNodeServices, type HostServices } from '@stack-plugin/host';
import {
  type AddressRange,
  AuditLog,
  classifyAddress,
  createCapabilityBroker,
  Redactor,
} from '@stack-plugin/host/internal';
import { describe, expect, it } from 'vitest';
import { createTestServices } from './test-services.js';

// One table, two sides: every address goes through the real host path (the broker and the
// Node net service, DNS answering the address) and through the harness path (the same broker
// and the in-memory network, its DNS answering the address). Both must take the decision the
// policy gives, and the audit log must record the decision actually taken.
const TABLE: ReadonlyArray<readonly [address: string, range: AddressRange]> = [
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],
  ['172.32.0.1', 'public'],
  ['198.20.0.1', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.5.4', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'],
  ['100.100.100.200', 'private'],
  ['169.254.169.254', 'metadata'],
  ['169.254.1.1', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['198.19.255.254', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:0:7f00:1', 'loopback'],
  ['::127.0.0.1', 'loopback'],
  ['::10.1.2.3', 'private'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b:1::1', 'reserved'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:c0a8:101::1', 'private'],
  ['2002:808:808::1', 'public'],
  ['2001::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001:2::1', 'reserved'],
  ['100::1', 'reserved'],
  ['fe80::1', 'link-local'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fd00:ec2::254', 'metadata'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
];

type Verdict = 'allowed' | 'refused';
const REFUSALS = new Set(['PERMISSION_DENIED', 'NET_ADDRESS_BLOCKED']);
const hostOf = (i: number) => `a${i}.example.com`;
const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** Fetches every row, by DNS name and by literal, through a broker over `services`. */
async function verdicts(services: HostServices): Promise<string[]> {
  const audit = new AuditLog();
  const broker = createCapabilityBroker(
    {
      services,
      audit,
      redactor: new Redactor(),
      emit: () => Promise.resolve(),
      execute: () => Promise.resolve(undefined),
    },
    {
      plugin: 'p',
      closed: () => false,
      permissions: ['net:*.example.com', 'net:*'],
      timeoutMs: 1_000,
      registerContribution() {},
      unregisterContribution() {},
      subscribe() {},
      unsubscribe() {},
    },
  );
  const urls = TABLE.flatMap(([address], i) => [
    `https://${hostOf(i)}/`,
    new URL(`https://${bracket(address)}/`).href,
  ]);
  return Promise.all(
    urls.map(async (url) => {
      // A tiny timeout: the real service gives up on public addresses at once, unreachable or not.
      const verdict: Verdict = await broker({
        capability: 'net',
        method: 'fetch',
        args: [url, { timeoutMs: 1 }],
      }).then(
        () => 'allowed',
        (error: { code?: string }) => (REFUSALS.has(error.code ?? '') ? 'refused' : 'allowed'),
      );
      const records = audit.entries().filter((r) => r.target === url);
      const audited = records.at(-1)?.allowed ? 'allowed' : 'refused';
      return `${url} ${verdict} (audit: ${audited})`;
    }),
  );
}

describe('one address policy for the host and the harness', () => {
  it('classifies every address of the table', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(TABLE.map(([address]) => [address, classifyAddress(address)])).toEqual(TABLE);
  });

  it('takes the same decision on both sides, and the audit log records it', async () => {
    const dns = Object.fromEntries(TABLE.map(([address], i) => [hostOf(i), address]));
    const host = {
      ...createNodeServices({
        root: join(tmpdir(), 'stack-address-table'),
        logger: { write() {} },
      }),
      net: createNodeNetService({
        resolve: async (name) => {
          const address = dns[name] as string;
          return [{ address, family: address.includes(':') ? 6 : 4 }];
        },
      }),
    };
    const harness = await createTestServices({ dns, net: { '**': 'ok' } });
    const expected = TABLE.flatMap(([address, range], i) => {
      const verdict = range === 'public' ? 'allowed' : 'refused';
      return [
        `https://${hostOf(i)}/ ${verdict} (audit: ${verdict})`,
        `${new URL(`https://${bracket(address)}/`).href} ${verdict} (audit: ${verdict})`,
      ];
    });
    expect(await verdicts(harness)).toEqual(expected);
    expect(await verdicts(host)).toEqual(expected);
  });
});
