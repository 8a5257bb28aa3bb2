import { applyEdits, modify, parse } from 'jsonc-parser';
import semver from 'semver';

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** The kit's packages, which move together as one fixed group. */
const KIT_SCOPE = '@stack-plugin/';
const isKitPackage = (name: string) => name.startsWith(KIT_SCOPE) || name === 'create-stack-plugin';

/** What {@link bumpDependencies} moves to. */
export interface DependencyTargets {
  /** Kit version: every `@stack-plugin/*` dependency becomes `^<kitVersion>`. */
  readonly kitVersion: string;
  /** Tool versions the old template pinned (its `versions.json`). */
  readonly oldTools: Readonly<Record<string, string>>;
  /** Tool versions the new template pins. */
  readonly newTools: Readonly<Record<string, string>>;
}

/** One dependency moved. */
export interface DependencyBump {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Bump the dependencies in package.json `text`: every kit range (`@stack-plugin/*`, create-stack-plugin) to
 * `^<kitVersion>` (one fixed group: the kit's packages only work with each other at one
 * version), and each tool the templates pin (vitest, typescript, ...) to the new template's
 * version where the project still has the old template's one; a version the author chose is
 * the author's. Specs that are not semver ranges (`file:`, `workspace:`, git URLs) are left
 * alone. The text is edited in place, so formatting and key order stay.
 */
export function bumpDependencies(
  text: string,
  targets: DependencyTargets,
): { text: string; bumps: DependencyBump[] } {
  const pkg = parse(text) as Record<string, unknown> | undefined;
  const bumps: DependencyBump[] = [];
  let out = text;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = pkg?.[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, from] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof from !== 'string' || semver.validRange(from) === null) continue;
      let to: string | undefined;
      if (isKitPackage(name)) to = `^${targets.kitVersion}`;
      else if (targets.oldTools[name] === from) to = targets.newTools[name];
      if (to === undefined || to === from) continue;
      out = applyEdits(out, modify(out, [field, name], to, {}));
      bumps.push({ name, from, to });
    }
  }
  return { text: out, bumps };
}
