import { type IssueCollector, isRecord, show } from './_issue-collector.js';
import { isInsidePackage, resolveEntry } from './_resolve-entry.js';
import { isSemverRange, isSemverSubset, isSemverVersion } from './_semver-checks.js';
import { checkPackageName } from './check-package-name.js';
import { findInstallScripts } from './find-install-scripts.js';
import { PLUGIN_KEYWORD, SUPPORTED_NODE_RANGE } from './manifest-constants.js';

const PKG = 'package.json';

/** Checks of package.json fields a plugin relies on. */
export function checkPackageJson(c: IssueCollector, pkg: unknown): void {
  if (pkg === undefined) {
    c.add(
      'PACKAGE_JSON_MISSING',
      PKG,
      '',
      'There is no package.json, so the plugin has no name or version and cannot be installed.',
      'Create package.json with "name", "version", "main" and "keywords": ["stack-plugin"] (npm init, or npm create stack-plugin).',
    );
    return;
  }
  if (!isRecord(pkg)) {
    c.add(
      'PACKAGE_JSON_NOT_OBJECT',
      PKG,
      '',
      `package.json must be a JSON object, but it is ${show(pkg)}.`,
      'Replace its content with an object such as {"name": "...", "version": "0.1.0"}.',
    );
    return;
  }
  if (pkg.name === undefined) {
    c.add(
      'PACKAGE_NAME_MISSING',
      PKG,
      '/name',
      'package.json has no "name"; the plugin is known by its npm name.',
      'Add "name", for example "stack-plugin-notes" or "@acme/stack-plugin-notes".',
    );
  } else {
    const problem = checkPackageName(pkg.name);
    if (problem !== undefined) {
      c.add(
        'PACKAGE_NAME_INVALID',
        PKG,
        '/name',
        `The name ${show(pkg.name)} cannot be published to npm: ${problem}.`,
        'Use lower-case letters, digits and "-", optionally scoped: "@acme/stack-plugin-notes".',
      );
    }
  }
  if (pkg.version === undefined) {
    c.add(
      'PACKAGE_VERSION_MISSING',
      PKG,
      '/version',
      'package.json has no "version"; hosts check "requires" ranges against it.',
      'Add "version": "0.1.0".',
    );
  } else if (typeof pkg.version !== 'string' || !isSemverVersion(pkg.version)) {
    c.add(
      'PACKAGE_VERSION_INVALID',
      PKG,
      '/version',
      `The version ${show(pkg.version)} is not semver (MAJOR.MINOR.PATCH), so ranges cannot match it.`,
      'Use a version such as "1.2.3" or "1.0.0-beta.1".',
    );
  }
  if (typeof pkg.description !== 'string' || pkg.description.trim() === '') {
    c.add(
      'PACKAGE_DESCRIPTION_MISSING',
      PKG,
      '/description',
      'package.json has no "description"; generated docs, `stack-plugin list` and npm search show it.',
      'Add a one-sentence "description" of what the plugin does.',
    );
  }
  checkKeywords(c, pkg);
  checkEngines(c, pkg);
  const scripts = findInstallScripts(pkg);
  if (scripts.length > 0) {
    c.add(
      'PACKAGE_INSTALL_SCRIPTS',
      PKG,
      '/scripts',
      `package.json declares install scripts (${scripts.join('; ')}); \`stack-plugin add\` refuses such packages unless the host allows them by name, and never runs them.`,
      'Build before publishing (npm "prepack" runs on your machine only) and drop preinstall/install/postinstall.',
    );
  }
}

function checkKeywords(c: IssueCollector, pkg: Record<string, unknown>): void {
  const { keywords } = pkg;
  if (Array.isArray(keywords) && keywords.includes(PLUGIN_KEYWORD)) return;
  const repairable = keywords === undefined || Array.isArray(keywords);
  c.add(
    'PACKAGE_KEYWORD_MISSING',
    PKG,
    '/keywords',
    `package.json "keywords" does not include "${PLUGIN_KEYWORD}", so hosts and npm search cannot discover the plugin.`,
    repairable
      ? `Add "${PLUGIN_KEYWORD}" to "keywords" (stack-plugin validate --fix does it).`
      : `Make "keywords" an array of strings that includes "${PLUGIN_KEYWORD}".`,
    repairable
      ? {
          key: 'keywords',
          file: PKG,
          apply(doc) {
            const list = Array.isArray(doc.keywords) ? doc.keywords : [];
            if (!list.includes(PLUGIN_KEYWORD)) list.push(PLUGIN_KEYWORD);
            doc.keywords = list;
          },
        }
      : undefined,
  );
}

function checkEngines(c: IssueCollector, pkg: Record<string, unknown>): void {
  const { engines } = pkg;
  const node = isRecord(engines) ? engines.node : undefined;
  if (node === undefined) {
    const repairable = engines === undefined || isRecord(engines);
    c.add(
      'PACKAGE_ENGINES_MISSING',
      PKG,
      isRecord(engines) ? '/engines/node' : '/engines',
      'package.json does not say which Node.js versions the plugin supports, so installs on old versions fail at run time instead of install time.',
      `Add "engines": { "node": "${SUPPORTED_NODE_RANGE}" }.`,
      repairable
        ? {
            key: 'engines',
            file: PKG,
            apply(doc) {
              const current = isRecord(doc.engines) ? doc.engines : {};
              if (current.node === undefined) current.node = SUPPORTED_NODE_RANGE;
              doc.engines = current;
            },
          }
        : undefined,
    );
    return;
  }
  if (typeof node !== 'string' || !isSemverRange(node)) {
    c.add(
      'PACKAGE_ENGINES_INVALID',
      PKG,
      '/engines/node',
      `"engines.node" ${show(node)} is not a semver range, so npm cannot check it.`,
      `Use a range such as "${SUPPORTED_NODE_RANGE}".`,
    );
  } else if (!isSemverSubset(node, `${SUPPORTED_NODE_RANGE}.0`)) {
    c.add(
      'PACKAGE_ENGINES_TOO_LOW',
      PKG,
      '/engines/node',
      `"engines.node" ${show(node)} allows Node.js versions older than 22.12, which Stack hosts do not support.`,
      `Narrow it to "${SUPPORTED_NODE_RANGE}" (or a subset such as "^22.12 || >=24").`,
    );
  }
}

/** The entry module must stay in the package and (when files can be checked) exist. */
export function checkEntry(
  c: IssueCollector,
  manifest: unknown,
  pkg: unknown,
  fileExists: ((relativePath: string) => boolean) | undefined,
): void {
  const entry = resolveEntry(manifest, pkg);
  if (!isInsidePackage(entry.relative)) {
    c.add(
      'ENTRY_INVALID',
      entry.file,
      entry.path,
      `The entry "${entry.relative}" is not a path inside the package, so it would not be published with it.`,
      'Use a relative path inside the package, such as "dist/index.js".',
    );
    return;
  }
  if (fileExists === undefined) return;
  let exists = false;
  try {
    exists = fileExists(entry.relative);
  } catch {
    exists = false;
  }
  if (!exists) {
    c.add(
      'ENTRY_NOT_FOUND',
      entry.file,
      entry.path,
      `The entry file "${entry.relative}" does not exist yet (the plugin is not built), so a host cannot load it until it is.`,
      'Build the plugin (npm run build, or stack-plugin build), or point "main" at the file that exists.',
    );
  }
}
