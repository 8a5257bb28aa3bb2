import { CALLABLE_KINDS, createError, findGrant } from '@stack-plugin/pdk';
import { isIpLiteral, isPrivateAddress } from './_private-address.js';
import { argumentSize, checkPayload, DEFAULT_MAX_PAYLOAD_BYTES } from './check-payload.js';
import { normalizePluginPath } from './fs-path.js';
const FS_READ = new Set(['readFile', 'readBytes', 'readdir', 'stat', 'exists']);
const FS_WRITE = new Set(['writeFile', 'mkdir', 'rm']);
const STATE_METHODS = new Set(['get', 'set', 'delete', 'keys']);
const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const CONTRIBUTION_KINDS = new Set(CALLABLE_KINDS);
/**
 * Builds the capability handler for one plugin instance: every `ctx` call is checked against
 * the plugin's granted permissions (pdk `findGrant`), recorded in the audit log, and only then
 * carried out by a host service. The same handler serves every isolation level, so a plugin
 * gets identical answers in-process, in a worker or in a child process.
 */
export function createCapabilityBroker(deps, scope) {
    const { services, audit, redactor } = deps;
    const plugin = scope.plugin;
    const opts = { plugin };
    const record = (capability, method, target, allowed, permission) => {
        audit.append(plugin, capability, method, redactor.redact(target), allowed, permission === undefined ? undefined : redactor.redact(permission), services.clock.now());
    };
    const denied = (action, permission) => createError('PERMISSION_DENIED', { action, permission }, opts);
    // A broker serves one plugin generation, whose granted permissions never change (a new
    // grant means a new generation, hence a new broker): answers are memoised for its lifetime.
    // Bounded, so that a plugin requesting ever-new targets cannot grow it without limit.
    const grants = new Map();
    const grantFor = (requested) => {
        if (grants.has(requested))
            return grants.get(requested);
        const grant = findGrant(scope.permissions, requested);
        if (grants.size >= GRANT_CACHE_SIZE)
            grants.clear();
        grants.set(requested, grant);
        return grant;
    };
    // The same, keyed by topic for `events.emit`, so the hot path builds no permission string.
    // `null` caches a denial.
    const emitGrants = new Map();
    const emitGrantFor = (topic) => {
        let grant = emitGrants.get(topic);
        if (grant === undefined) {
            grant = findGrant(scope.permissions, `events:emit:${topic}`) ?? null;
            if (emitGrants.size >= GRANT_CACHE_SIZE)
                emitGrants.clear();
            emitGrants.set(topic, grant);
        }
        return grant;
    };
    const maxBytes = deps.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const emitArgs = { what: 'The arguments of events.emit', plugin, maxBytes };
    /** Checks `requested`, records the outcome, and throws PERMISSION_DENIED when not granted. */
    const check = (capability, method, target, requested, action) => {
        const grant = grantFor(requested);
        record(capability, method, target, grant !== undefined, grant ?? requested);
        if (grant === undefined)
            throw denied(action, requested);
        return grant;
    };
    const invalid = (what, detail) => createError('VALIDATION_FAILED', { what, detail }, opts);
    const name = (value, what) => {
        if (typeof value !== 'string' || value === '')
            throw invalid(what, 'it must be a non-empty string');
        return value;
    };
    const capTimeout = (requested) => typeof requested === 'number' && requested > 0
        ? Math.min(requested, scope.timeoutMs)
        : scope.timeoutMs;
    async function fsCall(method, args) {
        const write = FS_WRITE.has(method);
        if (!write && !FS_READ.has(method))
            throw unknownCall('fs', method);
        const kind = write ? 'fs:write' : 'fs:read';
        const verb = write ? 'write' : 'read';
        const normalized = normalizePluginPath(args[0]);
        if ('error' in normalized) {
            record('fs', method, String(args[0]), false);
            throw invalid(`The path "${String(args[0])}"`, normalized.error);
        }
        const path = normalized.path;
        const grant = grantFor(`${kind}:${path}`);
        if (grant === undefined) {
            record('fs', method, path, false, `${kind}:${path}`);
            throw denied(`${verb} "${path}"`, `${kind}:${path}`);
        }
        // The permission must also hold for where the path really leads: a granted symlink that
        // points at an ungranted file is refused.
        let real;
        try {
            real = await services.fs.realpath(path);
        }
        catch (error) {
            record('fs', method, path, false, `${kind}:${path}`);
            throw createError('PERMISSION_DENIED', {
                action: `${verb} "${path}" (it resolves outside the workspace)`,
                permission: `${kind}:${path}`,
            }, { plugin, cause: error });
        }
        if (real !== path && grantFor(`${kind}:${real}`) === undefined) {
            record('fs', method, path, false, `${kind}:${real}`);
            throw denied(`${verb} "${path}", which resolves to "${real}"`, `${kind}:${real}`);
        }
        record('fs', method, path, true, grant);
        switch (method) {
            case 'readFile':
                return new TextDecoder().decode(await services.fs.readFile(path));
            case 'readBytes':
                return services.fs.readFile(path);
            case 'readdir':
                return services.fs.readdir(path);
            case 'stat':
                return services.fs.stat(path);
            case 'exists':
                return services.fs.exists(path);
            case 'writeFile': {
                const data = args[1];
                if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
                    throw invalid('The data of fs.writeFile', 'it must be a string or a Uint8Array');
                }
                return services.fs.writeFile(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
            }
            case 'mkdir':
                return services.fs.mkdir(path, { recursive: recursive(args[1]) });
            default:
                return services.fs.rm(path, { recursive: recursive(args[1]) });
        }
    }
    /** Whether some grant names `host` (a name or IP) explicitly, without a wildcard. */
    const namesExplicitly = (host, port) => scope.permissions.find((grant) => !grant.includes('*') && findGrant([grant], `net:${host}:${port}`) !== undefined);
    /**
     * Checks one hop (the first URL, then every redirect) with the address the connection will
     * use. Throws `PERMISSION_DENIED` for an ungranted host or for a private, loopback or
     * link-local address that no permission names exactly; returns whether the net service may
     * connect to such an address (it refuses them itself otherwise).
     */
    const authorizeHop = (url, address, first) => {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
            record('net', 'fetch', url.href, false);
            throw invalid(`The URL "${url.href}"`, 'only http: and https: URLs can be fetched');
        }
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const port = url.port || (url.protocol === 'https:' ? '443' : '80');
        const requested = `net:${host}:${port}`;
        const grant = grantFor(requested);
        if (grant === undefined) {
            record('net', 'fetch', url.href, false, requested);
            throw denied(`fetch ${url.href}`, requested);
        }
        // Only a grant naming the address itself (or `localhost`) unlocks a private address: a
        // grant naming some other host must not, or its owner could point its DNS at 127.0.0.1
        // or 169.254.169.254 (DNS rebinding).
        const explicit = (isIpLiteral(host) || host === 'localhost' ? namesExplicitly(host, port) : undefined) ??
            (address === undefined ? undefined : namesExplicitly(address, port));
        const privateTarget = (isIpLiteral(host) && isPrivateAddress(host)) ||
            (address !== undefined && isPrivateAddress(address));
        if (privateTarget && explicit === undefined) {
            const wanted = `net:${address ?? host}:${port}`;
            record('net', 'fetch', url.href, false, wanted);
            throw denied(`fetch ${url.href}: it resolves to the private, loopback or link-local address ${address ?? host}, which only a permission naming that address exactly allows`, wanted);
        }
        if (first)
            record('net', 'fetch', url.href, true, privateTarget ? explicit : grant);
        return { allowPrivate: explicit !== undefined };
    };
    async function netCall(method, args) {
        if (method !== 'fetch')
            throw unknownCall('net', method);
        let url;
        try {
            url = new URL(String(args[0]));
        }
        catch {
            record('net', 'fetch', String(args[0]), false);
            throw invalid(`The URL "${String(args[0])}"`, 'it is not an absolute URL');
        }
        const request = (args[1] ?? {});
        authorizeHop(url, undefined, true);
        const headers = request.headers ?? {};
        if (typeof headers !== 'object' ||
            headers === null ||
            Object.values(headers).some((v) => typeof v !== 'string')) {
            throw invalid('The headers of net.fetch', 'they must map names to strings');
        }
        const original = url.href;
        return services.net.fetch({
            url: original,
            method: typeof request.method === 'string' ? request.method.toUpperCase() : 'GET',
            headers: headers,
            ...(typeof request.body === 'string' ? { body: request.body } : {}),
            timeoutMs: capTimeout(request.timeoutMs),
            authorize: (hop, address) => authorizeHop(hop, address, hop.href !== original),
        });
    }
    async function stateCall(capability, method, args) {
        if (!STATE_METHODS.has(method))
            throw unknownCall(capability, method);
        const shared = capability === 'sharedState';
        const permission = shared ? 'state:shared' : 'state';
        const key = method === 'keys' ? '' : name(args[0], `The state key`);
        check(capability, method, key, permission, `use ${shared ? 'shared ' : ''}state`);
        const store = shared ? 'shared' : plugin;
        switch (method) {
            case 'get':
                return services.state.get(store, key);
            case 'set':
                return services.state.set(store, key, args[1]);
            case 'delete':
                return services.state.delete(store, key);
            default:
                return services.state.keys(store);
        }
    }
    const unknownCall = (capability, method) => invalid(`The capability call ${capability}.${method}`, 'no such capability method exists');
    /**
     * `events.emit`, the one call a plugin makes thousands of times a second: the same checks
     * as every call (payload, permission, audit record), with nothing allocated on the way
     * but the event itself. Returns the bus's promise as it is: it never rejects.
     */
    function emit(args) {
        const first = args[0];
        // The two arguments are sized one by one (a primitive payload costs a type test); only
        // what would be refused, or an unusual call, goes through the full check of the array,
        // which says what is wrong and where.
        if (args.length > 2 ||
            typeof first !== 'string' ||
            argumentSize(args[1], maxBytes - first.length * 2) < 0) {
            checkPayload(args, emitArgs);
        }
        const topic = name(first, 'The event topic');
        const grant = emitGrantFor(topic);
        if (grant === null) {
            const requested = `events:emit:${topic}`;
            record('events', 'emit', topic, false, requested);
            throw denied(`emit "${topic}"`, requested);
        }
        const time = services.clock.now();
        audit.append(plugin, 'events', 'emit', redactor.redact(topic), true, redactor.redact(grant), time);
        return deps.emit(plugin, topic, args[1], time);
    }
    // Not async (nor is eventsCall): the handler below wraps the result in a promise only when
    // it is not one already, so the hot event path creates no promise of its own.
    function dispatch(call) {
        const { capability, method, args } = call;
        if (!Array.isArray(args))
            throw invalid('A capability call', 'its args must be an array');
        checkPayload(args, {
            what: () => `The arguments of ${capability}.${method}`,
            plugin,
            maxBytes,
        });
        switch (capability) {
            case 'fs':
                return fsCall(method, args);
            case 'net':
                return netCall(method, args);
            case 'env': {
                if (method !== 'get')
                    throw unknownCall(capability, method);
                const key = name(args[0], 'The environment variable name');
                check('env', 'get', key, `env:${key}`, `read the environment variable ${key}`);
                return services.env.get(key);
            }
            case 'secrets': {
                if (method !== 'get')
                    throw unknownCall(capability, method);
                const key = name(args[0], 'The secret name');
                check('secrets', 'get', key, `secret:${key}`, `read the secret ${key}`);
                return services.secrets.get(key).then((value) => {
                    redactor.add(value);
                    return value;
                });
            }
            case 'exec': {
                if (method !== 'run')
                    throw unknownCall(capability, method);
                const command = name(args[0], 'The command');
                const argv = args[1] ?? [];
                if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) {
                    throw invalid('The arguments of exec', 'they must be an array of strings');
                }
                check('exec', 'run', command, `exec:${command}`, `run "${command}"`);
                const options = (args[2] ?? {});
                const cwd = normalizePluginPath(options.cwd ?? '.');
                if ('error' in cwd)
                    throw invalid('The cwd of exec', cwd.error);
                return services.exec.run(command, argv, {
                    cwd: cwd.path,
                    ...(typeof options.input === 'string' ? { input: options.input } : {}),
                    timeoutMs: capTimeout(options.timeoutMs),
                });
            }
            case 'events':
                return eventsCall(method, args);
            case 'state':
            case 'sharedState':
                return stateCall(capability, method, args);
            case 'commands': {
                if (method !== 'execute')
                    throw unknownCall(capability, method);
                const id = name(args[0], 'The command id');
                record('commands', 'execute', id, true);
                return deps.execute(id, args[1], plugin);
            }
            case 'contributions': {
                const kind = args[0];
                if (typeof kind !== 'string' || !CONTRIBUTION_KINDS.has(kind)) {
                    throw invalid('The contribution kind', `"${String(kind)}" is not a contribution kind`);
                }
                const id = name(args[1], `The ${kind} id`);
                if (method === 'register')
                    return scope.registerContribution(kind, id);
                if (method === 'unregister')
                    return scope.unregisterContribution(kind, id);
                throw unknownCall(capability, method);
            }
            case 'log': {
                if (method !== 'write')
                    throw unknownCall(capability, method);
                const level = LOG_LEVELS.has(String(args[0])) ? args[0] : 'info';
                const data = args[2];
                services.logger.write({
                    level,
                    message: redactor.redact(String(args[1])),
                    plugin,
                    ...(typeof data === 'object' && data !== null
                        ? { data: redactor.redactValue(data) }
                        : {}),
                    time: services.clock.now(),
                });
                return undefined;
            }
            default:
                throw unknownCall(capability, method);
        }
    }
    function eventsCall(method, args) {
        switch (method) {
            case 'on': {
                const pattern = name(args[0], 'The event pattern');
                const listenerId = name(args[1], 'The listener id');
                check('events', 'on', pattern, `events:on:${pattern}`, `listen to "${pattern}"`);
                return scope.subscribe(pattern, listenerId);
            }
            case 'off':
                return scope.unsubscribe(name(args[0], 'The listener id'));
            default:
                throw unknownCall('events', method);
        }
    }
    // Whatever a service threw may quote a secret (a URL with a token, a file's content).
    const redacted = (error) => {
        throw redactor.redactError(error);
    };
    // Not async: an `events.emit` gets the bus's promise back without another one around it.
    return (call) => {
        if (scope.closed()) {
            // Whatever still runs after deactivation (a timer, a pending promise) gets nothing done.
            return Promise.reject(createError('PLUGIN_NOT_ACTIVE', { detail: `${call.capability}.${call.method} was called after it was deactivated` }, opts));
        }
        try {
            if (call.capability === 'events' && call.method === 'emit' && Array.isArray(call.args)) {
                return emit(call.args);
            }
            const result = dispatch(call);
            return result instanceof Promise ? result.then(undefined, redacted) : Promise.resolve(result);
        }
        catch (error) {
            return Promise.reject(redactor.redactError(error));
        }
    };
}
/** Most permission answers a broker memoises before starting over. */
const GRANT_CACHE_SIZE = 1024;
function recursive(options) {
    return (typeof options === 'object' &&
        options !== null &&
        options.recursive === true);
}
//# sourceMappingURL=capability-broker.js.map