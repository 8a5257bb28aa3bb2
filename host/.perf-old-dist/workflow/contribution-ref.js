import { CALLABLE_KINDS } from '@stack-plugin/pdk';
const KINDS = new Set(CALLABLE_KINDS);
/**
 * Parses a `uses` reference into a {@link ContributionRef}, as the manifest defines it:
 * `"<kind>:<id>"` (e.g. `steps:lint`) is the `<kind>` contribution `<id>` of the plugin that
 * owns the definition (`own: true`); a string without a known kind prefix is a bare id of
 * `defaultKind` (`commands` for workflow steps, i.e. a command of any plugin; `transformers`
 * for chains), with `own: false`. Returns `undefined` for an empty id.
 */
export function parseContributionRef(ref, defaultKind) {
    const colon = ref.indexOf(':');
    if (colon > 0) {
        const kind = ref.slice(0, colon);
        if (KINDS.has(kind)) {
            const id = ref.slice(colon + 1);
            return id === '' ? undefined : { kind: kind, id, own: true };
        }
    }
    return ref === '' ? undefined : { kind: defaultKind, id: ref, own: false };
}
//# sourceMappingURL=contribution-ref.js.map