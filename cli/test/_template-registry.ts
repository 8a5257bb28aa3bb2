import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A registry on a loopback port serving only packed template sets. */
export interface TemplateRegistry {
  readonly url: string;
  /** Package paths npm asked for, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** `npm pack` a template set folder into `dest`; returns the tarball's bytes. */
export async function packTemplates(folder: string, dest: string): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dest, folder],
    { env: { ...process.env, npm_config_cache: join(dest, '.npm-cache') } },
  );
  const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
  return readFile(join(dest, report?.filename ?? ''));
}

/**
 * Serve `@stack-plugin/templates` with the given versions the way the npm registry does (a
 * packument, then tarballs), so `stack-plugin upgrade` fetches older template sets with the
 * real npm client, offline. Any other package is a 404, as an unknown name is on a registry.
 */
export async function serveTemplates(
  tarballs: ReadonlyMap<string, Buffer>,
): Promise<TemplateRegistry> {
  const requests: string[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (path === '/@stack-plugin/templates') {
      const versions = Object.fromEntries(
        [...tarballs].map(([version, bytes]) => [
          version,
          {
            name: '@stack-plugin/templates',
            version,
            dist: {
              tarball: `${base}/tarballs/${version}.tgz`,
              integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
              shasum: createHash('sha1').update(bytes).digest('hex'),
            },
          },
        ]),
      );
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          name: '@stack-plugin/templates',
          'dist-tags': { latest: [...tarballs.keys()].at(-1) },
          versions,
        }),
      );
      return;
    }
    const tarball = /^\/tarballs\/(.+)\.tgz$/.exec(path);
    const bytes = tarball === null ? undefined : tarballs.get(tarball[1] ?? '');
    if (bytes !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(bytes);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
