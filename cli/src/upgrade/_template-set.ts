import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createError, isStackPluginError, toClause } from '@stack-plugin/pdk';
import { readTemplateSet, type ToolVersions, templatesRoot } from 'create-stack-plugin';
import semver from 'semver';
import { cliErrors } from '../cli-errors.js';
import { acquirePackage } from '../commands/_acquire-package.js';

/** The package whose versions are the template versions. */
const TEMPLATES_PACKAGE = '@stack-plugin/templates';

/** One version of the templates, unpacked. */
export interface TemplateSet {
  readonly dir: string;
  readonly version: string;
  /** The tool versions its projects pin (`versions.json`). */
  readonly versions: ToolVersions;
  /** Removes a fetched copy; the installed set stays. */
  dispose(): Promise<void>;
  /** The same, synchronously: for a signal handler, which has no event-loop turn left. */
  disposeSync(): void;
}

/** Where template sets come from. */
export interface TemplateSetOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** npm arguments naming the registry (`--registry URL`), or none for the user's config. */
  readonly registry: readonly string[];
}

/** The template set this CLI installs with (its dependency `@stack-plugin/templates`). */
export async function installedTemplateSet(): Promise<TemplateSet> {
  const dir = templatesRoot();
  const info = await readTemplateSet(dir);
  return { dir, ...info, dispose: async () => {}, disposeSync: () => {} };
}

/**
 * The templates of `version`: the installed set when it is that version, else the published
 * `@stack-plugin/templates@<version>`, fetched with the real npm client (`npm pack`, so the
 * user's registry, auth and cache apply; no script runs) and unpacked in a private folder.
 *
 * @throws {@link StackPluginError} `UPGRADE_VERSION_UNKNOWN` when the version is not semver or
 * cannot be fetched.
 */
export async function obtainTemplateSet(
  version: string,
  options: TemplateSetOptions,
): Promise<TemplateSet> {
  if (semver.valid(version) === null) {
    throw createError(cliErrors.UPGRADE_VERSION_UNKNOWN, {
      version,
      detail: 'it is not a semver version (like 1.2.3)',
    });
  }
  const installed = await installedTemplateSet();
  if (installed.version === version) return installed;
  let fetched: Awaited<ReturnType<typeof acquirePackage>>;
  try {
    fetched = await acquirePackage(`${TEMPLATES_PACKAGE}@${version}`, options);
  } catch (error) {
    if (!isStackPluginError(error)) throw error;
    throw createError(
      cliErrors.UPGRADE_VERSION_UNKNOWN,
      {
        version,
        detail: `${TEMPLATES_PACKAGE}@${version} could not be fetched (${toClause(error.message)})`,
      },
      { cause: error },
    );
  }
  if (fetched.name !== TEMPLATES_PACKAGE || fetched.version !== version) {
    await fetched.dispose();
    throw createError(cliErrors.UPGRADE_VERSION_UNKNOWN, {
      version,
      detail: `the registry answered with ${fetched.name}@${fetched.version}`,
    });
  }
  const info = await readTemplateSet(fetched.dir);
  // acquirePackage unpacks into <private folder>/package.
  const privateFolder = dirname(fetched.dir);
  return {
    dir: fetched.dir,
    ...info,
    dispose: fetched.dispose,
    disposeSync: () => rmSync(privateFolder, { recursive: true, force: true }),
  };
}
