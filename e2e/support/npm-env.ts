// npm client settings for talking to the local registry only: a userconfig file with the
// registry and a dummy token, a fresh cache, no audit/fund/update-notifier traffic.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Environment variables that point every npm child process at one registry. */
export type NpmEnv = Record<string, string>;

/**
 * Write `<dir>/npmrc` and return an environment using it with a fresh cache in `<dir>/cache`.
 * Everything npm needs comes from loopback: `offline`-style traffic to the public registry
 * would fail because the registry setting replaces it entirely.
 */
export async function createNpmEnv(registryUrl: string, dir: string): Promise<NpmEnv> {
  await mkdir(join(dir, 'cache'), { recursive: true });
  const host = new URL(registryUrl).host;
  const npmrc = join(dir, 'npmrc');
  await writeFile(
    npmrc,
    [
      `registry=${registryUrl}`,
      // Verdaccio lets anyone publish, but the npm client refuses to publish without a token.
      `//${host}/:_authToken=anonymous`,
      `cache=${join(dir, 'cache')}`,
      'audit=false',
      'fund=false',
      'update-notifier=false',
      'loglevel=warn',
      'progress=false',
      '',
    ].join('\n'),
  );
  const env: NpmEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Drop inherited npm settings (from `npm run`, CI or a parent npm) that could redirect
    // the registry, the cache or the user config.
    if (value === undefined || /^npm_(config|package|lifecycle)_/i.test(key)) continue;
    env[key] = value;
  }
  // use-node.sh sets nodedir for native builds; keep it (npm only warns about it).
  if (process.env.npm_config_nodedir !== undefined)
    env.npm_config_nodedir = process.env.npm_config_nodedir;
  env.npm_config_userconfig = npmrc;
  env.npm_config_globalconfig = join(dir, 'npmrc-global');
  env.npm_config_registry = registryUrl;
  env.npm_config_cache = join(dir, 'cache');
  env.NO_UPDATE_NOTIFIER = '1';
  env.NO_COLOR = '1';
  await writeFile(env.npm_config_globalconfig, '');
  return env;
}
