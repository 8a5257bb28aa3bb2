/** Contribution kinds are plural (`commands`); messages read better singular. */
export const SINGULAR = {
    commands: 'command',
    steps: 'step',
    transformers: 'transformer',
    validators: 'validator',
    formatters: 'formatter',
    hooks: 'hook',
    skills: 'skill',
};
/** The manifest entry of a contribution, or undefined when the manifest does not declare it. */
export function declaredContribution(manifest, kind, id) {
    return manifest.contributes?.[kind]?.find((c) => c.id === id);
}
/** The public snapshot of a record. */
export function statusOf(record) {
    const { pkg, isolation } = record.prepared;
    return {
        name: pkg.name,
        version: pkg.version,
        dir: pkg.dir,
        state: record.lifecycle.state,
        isolation,
        manifest: pkg.manifest,
        ...(record.error === undefined ? {} : { error: record.error }),
        permissions: [...(pkg.manifest.permissions ?? [])],
        metrics: record.metrics.snapshot(),
    };
}
//# sourceMappingURL=_plugin-record.js.map