import { parsePermission, permits } from '@stack-plugin/pdk';
import type { FileTree } from '../services/file-tree.js';
import { symlink } from '../services/file-tree.js';

/** One call the plugin did not declare, made as the plugin; the host must deny it. */
export interface Probe {
  /** The permission the call would need (not granted). */
  readonly needs: string;
  /** What it tries, for reports. */
  readonly label: string;
  readonly capability: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

const PROBE_DIR = 'stack-probe-outside';
const PROBE_LINK = '__stack_probe_link__';

/** A concrete path a glob matches (`docs/**` -> `docs/probe`). */
function sampleOf(glob: string): string {
  return glob
    .replace(/\{([^,}]*)[^}]*\}/g, '$1')
    .replace(/\*\*/g, 'probe')
    .replace(/\*/g, 'probe')
    .replace(/\?/g, 'x');
}

/** Files the probes need in the workspace: a target outside every glob, and links to it. */
export function probeFiles(permissions: readonly string[]): FileTree {
  const files: Record<string, string | ReturnType<typeof symlink>> = {
    [`${PROBE_DIR}/secret.txt`]: 'stack-probe: must never be readable',
  };
  for (const raw of permissions) {
    const kind = raw.startsWith('fs:read:')
      ? 'fs:read'
      : raw.startsWith('fs:write:')
        ? 'fs:write'
        : undefined;
    if (kind === undefined) continue;
    const link = linkPath(raw.slice(kind.length + 1));
    if (link !== undefined && permits(permissions, `${kind}:${link}`)) {
      const depth = link.split('/').length - 1;
      files[link] = symlink(`${'../'.repeat(depth)}${PROBE_DIR}/secret.txt`);
    }
  }
  return files;
}

function linkPath(glob: string): string | undefined {
  const sample = sampleOf(glob);
  const folder = sample.includes('/') ? sample.slice(0, sample.lastIndexOf('/')) : '';
  const ext = /\.[A-Za-z0-9]+$/.exec(sample)?.[0] ?? '';
  const candidate = `${folder === '' ? '' : `${folder}/`}${PROBE_LINK}${ext}`;
  return candidate.startsWith(PROBE_DIR) ? undefined : candidate;
}

/**
 * For every declared capability, variants just outside it (a file outside the glob or behind
 * a link, another host, port or subdomain trick, another env key, secret, command or topic);
 * for every capability not declared at all, one plain use. Only variants that no declared
 * permission allows are kept, so broad grants are not "caught" by their own breadth.
 */
export function undeclaredProbes(permissions: readonly string[]): Probe[] {
  const probes: Probe[] = [];
  const add = (
    needs: string,
    label: string,
    capability: string,
    method: string,
    args: unknown[],
  ) => {
    if (!permits(permissions, needs) && !probes.some((p) => p.label === label)) {
      probes.push({ needs, label, capability, method, args });
    }
  };
  const parsed = permissions.flatMap((raw) => {
    try {
      return [parsePermission(raw)];
    } catch {
      return [];
    }
  });
  const kinds = new Set(parsed.map((p) => p.kind));

  const fsProbes = (kind: 'fs:read' | 'fs:write', glob: string | undefined) => {
    const method = kind === 'fs:read' ? 'readFile' : 'writeFile';
    const args = (path: string) => (kind === 'fs:read' ? [path] : [path, 'stack-probe']);
    const paths = [`${PROBE_DIR}/secret.txt`, '.env', 'stack-probe.txt'];
    if (glob !== undefined) {
      const sample = sampleOf(glob);
      paths.push(
        `${sample}.stack-probe-sibling`.replace(/^[^/]*/, (first) => `${first}-stack-probe`),
      );
      const link = linkPath(glob);
      if (link !== undefined && permits(permissions, `${kind}:${link}`)) {
        // Allowed by name, but it leads to a file outside the grant: the host must check where it leads.
        probes.push({
          needs: `${kind}:${PROBE_DIR}/secret.txt`,
          label: `${kind === 'fs:read' ? 'read' : 'write'} ${link} (a link to ${PROBE_DIR}/secret.txt)`,
          capability: 'fs',
          method,
          args: args(link),
        });
      }
    }
    for (const path of paths)
      add(
        `${kind}:${path}`,
        `${kind === 'fs:read' ? 'read' : 'write'} ${path}`,
        'fs',
        method,
        args(path),
      );
  };

  for (const p of parsed) {
    const target = p.target ?? '';
    switch (p.kind) {
      case 'fs:read':
      case 'fs:write':
        fsProbes(p.kind, target);
        break;
      case 'net': {
        const host = target.replace(/^\*\./, '');
        const port = p.port === undefined ? 443 : p.port + 1;
        const url = (h: string, portNumber = 443) =>
          `${portNumber === 443 ? 'https' : 'http'}://${h}${portNumber === 443 || portNumber === 80 ? '' : `:${portNumber}`}/stack-probe`;
        add(
          `net:${host}.stack-probe.invalid:443`,
          `fetch ${url(`${host}.stack-probe.invalid`)}`,
          'net',
          'fetch',
          [url(`${host}.stack-probe.invalid`)],
        );
        add(`net:stack-probe-${host}:443`, `fetch ${url(`stack-probe-${host}`)}`, 'net', 'fetch', [
          url(`stack-probe-${host}`),
        ]);
        if (p.port !== undefined)
          add(`net:${host}:${port}`, `fetch ${url(host, port)}`, 'net', 'fetch', [url(host, port)]);
        break;
      }
      case 'env':
        for (const name of [`${target}_STACK_PROBE`, target.toLowerCase(), 'PATH', 'HOME']) {
          add(`env:${name}`, `read env ${name}`, 'env', 'get', [name]);
        }
        break;
      case 'secret':
        for (const name of [`${target}_STACK_PROBE`, 'AWS_SECRET_ACCESS_KEY']) {
          add(`secret:${name}`, `read secret ${name}`, 'secrets', 'get', [name]);
        }
        break;
      case 'exec':
        for (const command of ['sh', `${target}-stack-probe`, `/bin/${target}`, 'node']) {
          add(`exec:${command}`, `run ${command}`, 'exec', 'run', [command, []]);
        }
        break;
      case 'events:emit': {
        const sample = target.replace(/\*\*/g, 'probe').replace(/\*/g, 'probe');
        for (const topic of ['stack-probe.event', `${sample}.stack-probe.deeper`]) {
          add(`events:emit:${topic}`, `emit ${topic}`, 'events', 'emit', [topic, {}]);
        }
        break;
      }
      case 'events:on':
        for (const pattern of ['**', 'stack-probe.*']) {
          add(`events:on:${pattern}`, `listen to ${pattern}`, 'events', 'on', [
            pattern,
            'stack-probe',
          ]);
        }
        break;
      default:
        break;
    }
  }
  // Capabilities not declared at all: one plain use each.
  if (!kinds.has('fs:read')) fsProbes('fs:read', undefined);
  if (!kinds.has('fs:write')) fsProbes('fs:write', undefined);
  add('net:stack-probe.invalid:443', 'fetch https://stack-probe.invalid/', 'net', 'fetch', [
    'https://stack-probe.invalid/',
  ]);
  add('net:169.254.169.254:80', 'fetch the cloud metadata address', 'net', 'fetch', [
    'http://169.254.169.254/latest/meta-data/',
  ]);
  add('env:STACK_PROBE', 'read env STACK_PROBE', 'env', 'get', ['STACK_PROBE']);
  add('secret:STACK_PROBE', 'read secret STACK_PROBE', 'secrets', 'get', ['STACK_PROBE']);
  add('exec:sh', 'run sh', 'exec', 'run', ['sh', ['-c', 'id']]);
  add('events:emit:stack-probe.event', 'emit stack-probe.event', 'events', 'emit', [
    'stack-probe.event',
    {},
  ]);
  add('events:on:stack-probe.*', 'listen to stack-probe.*', 'events', 'on', [
    'stack-probe.*',
    'stack-probe',
  ]);
  add('state', 'use state', 'state', 'get', ['stack-probe']);
  add('state:shared', 'use shared state', 'sharedState', 'get', ['stack-probe']);
  return probes;
}
