import { globReach } from './_glob-reach.js';
import { programReach, takesSubcommands } from './_program-risk.js';
import type { PermissionDescription } from './capability-descriptor.js';

/** `fs:read:<glob>`: rated by what its matcher reaches, so any spelling of `**` rates alike. */
export function describeFsRead(glob: string): PermissionDescription {
  const reach = globReach(glob);
  if (reach.everything)
    return {
      risk: 'high',
      summary: 'Read every file in the workspace, including dotfiles such as .env.',
      warning: 'reads every file in the workspace, including secrets kept in dotfiles',
    };
  if (reach.secrets)
    return {
      risk: 'high',
      summary: `Read files in the workspace matching "${glob}", which include files that usually hold secrets (.env, .npmrc, .git/config).`,
      warning: `"${glob}" reaches files that usually hold secrets; grant the folders the plugin reads`,
    };
  return { risk: 'low', summary: `Read files in the workspace matching "${glob}".` };
}

/** `fs:write:<glob>`: writing files other tools execute amounts to running code. */
export function describeFsWrite(glob: string): PermissionDescription {
  const reach = globReach(glob);
  if (reach.everything)
    return {
      risk: 'critical',
      summary:
        'Create, change and delete every file in the workspace, including package.json scripts and git hooks, which amounts to running code.',
      warning: 'may overwrite any file, including scripts that other tools execute',
    };
  if (reach.executed || reach.secrets)
    return {
      risk: 'critical',
      summary: `Create, change and delete workspace files matching "${glob}", which include files other tools execute or obey (package.json, git hooks and config, CI workflows), which amounts to running code.`,
      warning: `"${glob}" reaches files that other tools execute; grant the folders the plugin writes`,
    };
  return {
    risk: 'medium',
    summary: `Create, change and delete workspace files matching "${glob}".`,
  };
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

/**
 * `exec:<command>[:<arg>,...]`: rated by what the program can do with the allowed first
 * arguments; a program that can run arbitrary code is critical.
 */
export function describeExec(
  command: string,
  _port?: number,
  args?: readonly string[],
): PermissionDescription {
  const first =
    args === undefined ? '' : ` with first argument ${args.map((a) => `"${a}"`).join(' or ')}`;
  const reach = programReach(command, args);
  if (reach === 'any-code') {
    return {
      risk: 'critical',
      summary: `Run "${command}"${first}, which can execute any code with your user's rights.`,
      warning: takesSubcommands(command)
        ? `"${command}"${first} runs arbitrary code (options, aliases, hooks or scripts); list the subcommands the plugin needs, e.g. "exec:${command}:status,log"`
        : `"${command}" runs arbitrary code; grant the specific tools the plugin needs`,
    };
  }
  return {
    risk: 'high',
    summary:
      reach === 'listed'
        ? `Run "${command}"${first} (without a shell) with your user's rights; the repository's own hooks and settings still apply.`
        : `Run the program "${command}"${first} (without a shell) with your user's rights.`,
  };
}
