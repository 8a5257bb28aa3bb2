import {
  type CapabilityDescriptor,
  type CapabilitySchema,
  findCapability,
  PERMISSION_DESCRIPTORS,
  parsePermission,
  permits,
  type TargetSyntax,
} from '@stack-plugin/pdk';
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
  for (const p of parsed(permissions)) {
    if (syntaxOf(p.kind) !== 'glob') continue;
    const link = linkPath(p.target ?? '');
    if (link !== undefined && permits(permissions, `${p.kind}:${link}`)) {
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

const syntaxOf = (kind: string): TargetSyntax | undefined =>
  PERMISSION_DESCRIPTORS.find((p) => p.kind === kind)?.target;

function parsed(permissions: readonly string[]) {
  return permissions.flatMap((raw) => {
    try {
      return [parsePermission(raw)];
    } catch {
      return [];
    }
  });
}

/** How a target of each syntax is written as a call's first argument and as a request. */
const TARGETS: Readonly<
  Record<TargetSyntax, { arg(target: string): unknown; request(target: string): string }>
> = {
  glob: { arg: (path) => path, request: (path) => path },
  // `host:port` for a port other than the declared one, over plain http.
  host: {
    arg: (host) =>
      host.includes(':') ? `http://${host}/stack-probe` : `https://${host}/stack-probe`,
    request: (host) => (host.includes(':') ? host : `${host}:443`),
  },
  'env-name': { arg: (name) => name, request: (name) => name },
  'secret-name': { arg: (name) => name, request: (name) => name },
  command: { arg: (command) => command, request: (command) => command },
  topic: { arg: (topic) => topic, request: (topic) => topic },
  'topic-pattern': { arg: (pattern) => pattern, request: (pattern) => pattern },
  none: { arg: () => 'stack-probe', request: () => '' },
  // '' is the default target, which the bare kind grants.
  'optional-name': { arg: (name) => name, request: (name) => name },
};

/** Targets just outside a declared one, per syntax; a plain use when nothing is declared. */
const VARIANTS: Readonly<Record<TargetSyntax, (target: string | undefined) => string[]>> = {
  glob: (glob) => [
    `${PROBE_DIR}/secret.txt`,
    '.env',
    'stack-probe.txt',
    ...(glob === undefined
      ? []
      : [`${sampleOf(glob)}.stack-probe-sibling`.replace(/^[^/]*/, (f) => `${f}-stack-probe`)]),
  ],
  host: (host) =>
    host === undefined
      ? ['stack-probe.invalid']
      : [
          `${host.replace(/^\*\./, '')}.stack-probe.invalid`,
          `stack-probe-${host.replace(/^\*\./, '')}`,
        ],
  'env-name': (name) =>
    name === undefined
      ? ['STACK_PROBE']
      : [`${name}_STACK_PROBE`, name.toLowerCase(), 'PATH', 'HOME'],
  'secret-name': (name) =>
    name === undefined ? ['STACK_PROBE'] : [`${name}_STACK_PROBE`, 'AWS_SECRET_ACCESS_KEY'],
  command: (command) =>
    command === undefined ? ['sh'] : ['sh', `${command}-stack-probe`, `/bin/${command}`, 'node'],
  topic: (pattern) =>
    pattern === undefined
      ? ['stack-probe.event']
      : [
          'stack-probe.event',
          `${pattern.replace(/\*\*/g, 'probe').replace(/\*/g, 'probe')}.stack-probe.deeper`,
        ],
  'topic-pattern': (pattern) =>
    pattern === undefined ? ['stack-probe.*'] : ['**', 'stack-probe.*'],
  none: () => [''],
  'optional-name': (name) => (name === undefined ? ['', 'stack_probe'] : [`${name}_stack_probe`]),
};

/** A harmless value for a further parameter, from its schema. */
function sampleArg(schema: CapabilitySchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === 'string' ? 'stack-probe' : type === 'array' ? [] : {};
}

/**
 * The first method a permission kind gates, with its further parameters sampled. A host
 * capability's method whose target is `none` gets its first parameter sampled too: unlike
 * the kit's, its first parameter is not a target.
 */
function methodFor(kind: string, methods: CapabilityDescriptor['methods']) {
  const entry = Object.entries(methods).find(([, m]) => m.permission === kind);
  if (entry === undefined) return undefined;
  const [method, m] = entry;
  return { method, first: m.params[0], rest: m.params.slice(1).map(sampleArg) };
}

/** A permission kind to probe: the kit's table, then the host's capabilities. */
interface ProbedKind {
  readonly kind: string;
  readonly target: TargetSyntax;
  readonly capability: string;
  readonly methods: CapabilityDescriptor['methods'];
  readonly hosted: boolean;
}

function probedKinds(hostCapabilities: readonly CapabilityDescriptor[]): ProbedKind[] {
  return [
    ...PERMISSION_DESCRIPTORS.map((p) => ({
      kind: p.kind,
      target: p.target,
      capability: p.capability,
      methods: findCapability(p.capability)?.methods ?? {},
      hosted: false,
    })),
    ...hostCapabilities.flatMap((d) =>
      d.permissions.map((p) => ({
        kind: p.kind,
        target: p.target,
        capability: d.name,
        methods: d.methods,
        hosted: true,
      })),
    ),
  ];
}

/**
 * For every declared permission, variants just outside it (a file outside the glob or behind
 * a link, another host or subdomain trick, another env key, secret, command or topic); for
 * every permission kind of the capability table, one plain use. Only variants that no
 * declared permission allows are kept, so broad grants are not "caught" by their own breadth.
 * Which call probes a kind, and its arguments, come from the capability descriptors.
 */
export function undeclaredProbes(
  permissions: readonly string[],
  hostCapabilities: readonly CapabilityDescriptor[] = [],
): Probe[] {
  const probes: Probe[] = [];
  const add = (probe: Probe) => {
    if (!permits(permissions, probe.needs) && !probes.some((p) => p.label === probe.label)) {
      probes.push(probe);
    }
  };
  const declared = parsed(permissions);
  for (const descriptor of probedKinds(hostCapabilities)) {
    const call = methodFor(descriptor.kind, descriptor.methods);
    if (call === undefined) continue;
    const { arg, request } = TARGETS[descriptor.target];
    const firstArg = (target: string) =>
      descriptor.hosted && descriptor.target === 'none' && call.first !== undefined
        ? sampleArg(call.first)
        : arg(target);
    const probe = (target: string) => {
      const label = `${descriptor.kind} ${target || 'use'}`;
      const requested = request(target);
      add({
        needs: requested === '' ? descriptor.kind : `${descriptor.kind}:${requested}`,
        label: `${descriptor.capability}.${call.method}: ${label}`,
        capability: descriptor.capability,
        method: call.method,
        args: [firstArg(target), ...call.rest],
      });
    };
    const mine = declared.filter((p) => p.kind === descriptor.kind);
    for (const p of mine) {
      for (const target of VARIANTS[descriptor.target](p.target)) probe(target);
      if (descriptor.target === 'glob') {
        linkProbe(descriptor.capability, p.kind, p.target ?? '', call, permissions, probes);
      }
      if (descriptor.target === 'command' && p.args !== undefined) {
        // A first argument outside the grant's allow-list.
        add({
          needs: `${descriptor.kind}:${p.target}:stack-probe`,
          label: `${descriptor.capability}.${call.method}: ${p.target} stack-probe`,
          capability: descriptor.capability,
          method: call.method,
          args: [p.target, ['stack-probe'], ...call.rest.slice(1)],
        });
      }
      if (descriptor.target === 'host' && p.port !== undefined) {
        const host = (p.target ?? '').replace(/^\*\./, '');
        probe(`${host}:${p.port + 1}`);
      }
    }
    for (const target of VARIANTS[descriptor.target](undefined)) probe(target);
    if (descriptor.target === 'host') {
      // The cloud metadata address, which no wildcard may reach.
      add({
        needs: `${descriptor.kind}:169.254.169.254:80`,
        label: `${descriptor.capability}.${call.method}: the cloud metadata address`,
        capability: descriptor.capability,
        method: call.method,
        args: ['http://169.254.169.254/latest/meta-data/', ...call.rest],
      });
    }
  }
  return probes;
}

/** Allowed by name, but it leads to a file outside the grant: the host must check where it leads. */
function linkProbe(
  capability: string,
  kind: string,
  glob: string,
  call: { method: string; rest: unknown[] },
  permissions: readonly string[],
  probes: Probe[],
): void {
  const link = linkPath(glob);
  const outside = `${kind}:${PROBE_DIR}/secret.txt`;
  if (link === undefined || !permits(permissions, `${kind}:${link}`)) return;
  // A grant as broad as `fs:write:**` covers the link's target too: nothing to probe then.
  if (permits(permissions, outside)) return;
  probes.push({
    needs: outside,
    label: `${capability}.${call.method}: ${link} (a link to ${PROBE_DIR}/secret.txt)`,
    capability,
    method: call.method,
    args: [link, ...call.rest],
  });
}
