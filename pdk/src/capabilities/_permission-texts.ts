import type { PermissionDescription } from './capability-descriptor.js';

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

/** `fs:read:<glob>`: reading the whole tree reaches dotfiles with secrets. */
export function describeFsRead(glob: string): PermissionDescription {
  return WHOLE_TREE.has(glob)
    ? {
        risk: 'high',
        summary: 'Read every file in the workspace, including dotfiles such as .env.',
        warning: 'reads every file in the workspace, including secrets kept in dotfiles',
      }
    : { risk: 'low', summary: `Read files in the workspace matching "${glob}".` };
}

/** `fs:write:<glob>`: writing the whole tree reaches scripts other tools run. */
export function describeFsWrite(glob: string): PermissionDescription {
  return WHOLE_TREE.has(glob)
    ? {
        risk: 'critical',
        summary:
          'Create, change and delete every file in the workspace, including package.json scripts and git hooks, which amounts to running code.',
        warning: 'may overwrite any file, including scripts that other tools execute',
      }
    : { risk: 'medium', summary: `Create, change and delete workspace files matching "${glob}".` };
}

/** `net:<host>[:<port>]`. */
export function describeNet(host: string, portNumber: number | undefined): PermissionDescription {
  const port = portNumber === undefined ? 'any port' : `port ${portNumber}`;
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

/** `exec:<command>`: an interpreter runs anything. */
export function describeExec(command: string): PermissionDescription {
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
