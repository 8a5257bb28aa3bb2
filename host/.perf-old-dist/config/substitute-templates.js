/**
 * `${...}` references in configuration and workflow values:
 * - `${env.NAME}`: an environment variable (the host's env, not the plugin's permissions);
 * - `${config.a.b}`: another value of the same resolved configuration;
 * - `${steps.<id>.output.<key>}`: a previous workflow step's output.
 * A string that is exactly one reference keeps the referenced value's type (a number stays a
 * number); a reference inside a longer string is interpolated as text. `$${` writes a literal `${`.
 */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const WHOLE = /^\$\{([^}]*)\}$/;
const MAX_DEPTH = 8;
/** Thrown for a reference that cannot be resolved; `reference` is the text inside `${}`. */
export class TemplateError extends Error {
    reference;
    constructor(reference, reason) {
        super(`\${${reference}} ${reason}`);
        this.name = 'TemplateError';
        this.reference = reference;
    }
}
/** Resolves one reference such as `env.HOME` or `steps.fetch.output.count`. */
export function resolveReference(reference, scope, depth = 0) {
    const [root, ...path] = reference.trim().split('.');
    if (root === 'env') {
        const name = path.join('.');
        if (name === '' || scope.env === undefined)
            throw new TemplateError(reference, 'is not available here');
        const value = scope.env[name];
        if (value === undefined)
            throw new TemplateError(reference, `refers to ${name}, which is not set`);
        return value;
    }
    let current;
    if (root === 'config' && scope.config !== undefined)
        current = scope.config;
    else if (root === 'steps' && scope.steps !== undefined)
        current = scope.steps;
    else
        throw new TemplateError(reference, `cannot be resolved: use env., config. or steps.`);
    for (const key of path) {
        if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
            throw new TemplateError(reference, 'refers to a value that does not exist');
        }
        current = current[key];
    }
    // A config value may itself hold references; the depth bound turns a cycle into an error.
    if (root === 'config' && typeof current === 'string' && current.includes('${')) {
        if (depth >= MAX_DEPTH)
            throw new TemplateError(reference, 'is part of a reference cycle');
        return substituteString(current, scope, depth + 1);
    }
    return current;
}
/** Resolves every reference in a string. */
export function substituteString(text, scope, depth = 0) {
    const whole = WHOLE.exec(text);
    if (whole !== null)
        return resolveReference(whole[1] ?? '', scope, depth);
    if (!text.includes('${'))
        return text;
    return text.replace(REFERENCE, (match, reference) => {
        if (match === '$${')
            return '${';
        const value = resolveReference(reference ?? '', scope, depth);
        return typeof value === 'string' ? value : JSON.stringify(value);
    });
}
/** Resolves every reference in every string of a JSON-like value (a new value is returned). */
export function substituteTemplates(value, scope) {
    const walk = (v) => {
        if (typeof v === 'string')
            return substituteString(v, scope);
        if (Array.isArray(v))
            return v.map(walk);
        if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        }
        return v;
    };
    return walk(value);
}
//# sourceMappingURL=substitute-templates.js.map