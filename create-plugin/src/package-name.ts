import { checkPackageName } from '@stack-plugin/pdk/names';

/** Outcome of {@link validatePackageName}: every rule the name breaks, in plain words. */
export interface PackageNameCheck {
  readonly valid: boolean;
  readonly problems: readonly string[];
}

/**
 * Check a name against npm's rules for new packages, with the kit's one rule set
 * (`checkPackageName` of `@stack-plugin/pdk`, which `stack-plugin validate` uses too):
 * lowercase, URL-safe, at most 214 characters, no leading dot or underscore, not a Node
 * built-in or npm special name, and scoped only as `@scope/name`. Path-like names (`../x`,
 * `/abs`, `a/b`) fail here too, which is what keeps a name from steering files outside the
 * project.
 */
export function validatePackageName(name: string): PackageNameCheck {
  const problem = checkPackageName(name);
  return problem === undefined
    ? { valid: true, problems: [] }
    : { valid: false, problems: [problem] };
}

/**
 * Turn a folder name into the closest valid package name (`My Plugin!` -> `my-plugin`), or
 * `undefined` when nothing usable is left. Used to suggest a default, never to silently rename.
 */
export function toValidPackageName(input: string): string | undefined {
  const candidate = input
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z0-9\-._]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return candidate !== '' && validatePackageName(candidate).valid ? candidate : undefined;
}
