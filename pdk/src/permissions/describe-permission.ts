import { tryParsePermission } from './parse-permission.js';
import type { Permission } from './permission.js';

/** How much harm a permission allows if the plugin is malicious or compromised. */
export type PermissionRisk = 'low' | 'medium' | 'high' | 'critical';

/** A permission explained for people deciding whether to grant it. */
export interface PermissionDescription {
  /** How much harm it allows. */
  risk: PermissionRisk;
  /** One plain-language sentence saying what the plugin may do. */
  summary: string;
  /**
   * Set when the permission is legal but broader than most plugins need; the validator
   * reports it as a `PERMISSION_RISKY` warning.
   */
  warning?: string;
}

/** Programs that run arbitrary code given the right arguments, so `exec:` on them is total. */
const INTERPRETERS = new Set([
  'bash',
  'sh',
  'zsh',
  'dash',
  'fish',
  'ksh',
  'csh',
  'tcsh',
  'cmd',
  'cmd.exe',
  'powershell',
  'pwsh',
  'node',
  'deno',
  'bun',
  'python',
  'python3',
  'ruby',
  'perl',
  'php',
  'lua',
  'env',
  'xargs',
  'sudo',
  'su',
  'doas',
  'npx',
  'ssh',
  'eval',
]);

const WHOLE_TREE = new Set(['**', '**/*', '*/**']);

function fsDescription(p: Permission): PermissionDescription {
  const glob = p.target ?? '';
  const whole = WHOLE_TREE.has(glob);
  if (p.kind === 'fs:read') {
    return whole
      ? {
          risk: 'high',
          summary: 'Read every file in the workspace, including dotfiles such as .env.',
          warning: 'reads every file in the workspace, including secrets kept in dotfiles',
        }
      : { risk: 'low', summary: `Read files in the workspace matching "${glob}".` };
  }
  return whole
    ? {
        risk: 'critical',
        summary:
          'Create, change and delete every file in the workspace, including package.json scripts and git hooks, which amounts to running code.',
        warning: 'may overwrite any file, including scripts that other tools execute',
      }
    : { risk: 'medium', summary: `Create, change and delete workspace files matching "${glob}".` };
}

function netDescription(p: Permission): PermissionDescription {
  const host = p.target ?? '';
  const port = p.port === undefined ? 'any port' : `port ${p.port}`;
  if (host === '*') {
    return {
      risk: 'high',
      summary: `Connect to any host on the network or internet (${port}) and send it data.`,
      warning: 'may send data anywhere; list the hosts the plugin talks to instead',
    };
  }
  const who = host.startsWith('*.') ? `any subdomain of ${host.slice(2)}` : host;
  return { risk: 'medium', summary: `Make network requests to ${who} (${port}).` };
}

function execDescription(p: Permission): PermissionDescription {
  const command = p.target ?? '';
  const base = command.toLowerCase().replace(/\.exe$/, '');
  if (INTERPRETERS.has(base) || INTERPRETERS.has(command.toLowerCase())) {
    return {
      risk: 'critical',
      summary: `Run "${command}", which can execute any code with your user's rights.`,
      warning: `"${command}" runs arbitrary code; grant the specific tools the plugin needs`,
    };
  }
  return {
    risk: 'high',
    summary: `Run the program "${command}" (without a shell) with your user's rights.`,
  };
}

/**
 * The risk level and a plain-language explanation of a permission, for `validate`, the
 * install prompt and generated docs. Never throws: an invalid string is described as such.
 *
 * @example
 * ```ts
 * import { describePermission } from '@stack-plugin/pdk';
 *
 * describePermission('net:*');
 * // { risk: 'high', summary: 'Connect to any host on the network or internet (any port) ...',
 * //   warning: 'may send data anywhere; list the hosts the plugin talks to instead' }
 * ```
 */
export function describePermission(raw: string): PermissionDescription {
  const parsed = tryParsePermission(raw);
  if (!parsed.ok) {
    return {
      risk: 'high',
      summary: `Not a valid permission (${parsed.detail}); it grants nothing.`,
    };
  }
  const p = parsed.permission;
  const target = p.target ?? '';
  switch (p.kind) {
    case 'fs:read':
    case 'fs:write':
      return fsDescription(p);
    case 'net':
      return netDescription(p);
    case 'exec':
      return execDescription(p);
    case 'env':
      return { risk: 'low', summary: `Read the environment variable ${target}.` };
    case 'secret':
      return {
        risk: 'medium',
        summary: `Read the secret ${target}; the host redacts it from logs and errors.`,
      };
    case 'events:emit':
      return target.includes('*')
        ? { risk: 'medium', summary: `Publish events on any topic matching "${target}".` }
        : { risk: 'low', summary: `Publish "${target}" events.` };
    case 'events:on':
      return { risk: 'low', summary: `Listen to events on topics matching "${target}".` };
    case 'state':
      return { risk: 'low', summary: 'Keep its own data between runs.' };
    case 'state:shared':
      return {
        risk: 'medium',
        summary: 'Read and change data shared by all plugins, as well as keep its own.',
      };
  }
}
