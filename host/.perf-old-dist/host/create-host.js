import { isAbsolute, resolve } from 'node:path';
import { createError, isStackPluginError } from '@stack-plugin/pdk';
import { AuditLog } from '../broker/audit-log.js';
import { createCapabilityBroker } from '../broker/capability-broker.js';
import { checkPayload } from '../broker/check-payload.js';
import { Redactor } from '../broker/redactor.js';
import { loadHostConfig, } from '../config/host-config.js';
import { discoverPlugins, resolvePackageDir } from '../discovery/discover-plugins.js';
import { EventBus } from '../events/event-bus.js';
import { DependencyGraph } from '../graph/dependency-graph.js';
import { requirementErrors } from '../graph/requirement-errors.js';
import { PluginLifecycle } from '../lifecycle/plugin-lifecycle.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { createNodeServices } from '../services/node/index.js';
import { runChain, runWorkflow, } from '../workflow/index.js';
import { createInvoker } from './_invoke.js';
import { mergePolicy } from './_merge-policy.js';
import { declaredContribution, statusOf } from './_plugin-record.js';
import { preparePlugin, wrapPluginError } from './_prepare-plugin.js';
import { followSupervision, isSupervised } from './_sandbox-recovery.js';
import { ContributionRoutes } from './contribution-routes.js';
import { ExecutorPool } from './executor-pool.js';
import { HOST_API_VERSION } from './host-types.js';
import { PluginGeneration } from './plugin-generation.js';
import { MetricsRecorder } from './plugin-metrics.js';
// createHost is one closure over the host's state (records, routes, policy, services); the
// parts that need no more than a few of those live in the modules imported above.
/**
 * Creates a host. Nothing is read or run until {@link Host.start} or {@link Host.load}.
 *
 * @example
 * ```ts
 * import { createHost } from '@stack-plugin/host';
 *
 * // Plugins come from <root>/stack.config.json; fs permissions are relative to root.
 * const host = createHost({ root: process.cwd() });
 * await host.start();
 * try {
 *   const result = await host.execute('notes.create', { title: 'hi' });
 *   console.log(result);
 * } finally {
 *   await host.stop();
 * }
 * ```
 */
export function createHost(options) {
    const root = resolve(options.root);
    const env = options.env ?? process.env;
    // The real adapters do no I/O until used, so building them when every service is injected
    // costs nothing; injected ones always win.
    const makeNodeServices = () => createNodeServices({
        root,
        env,
        ...(options.services?.logger === undefined ? {} : { logger: options.services.logger }),
    });
    let nodeServices = makeNodeServices();
    let nodeServicesClosed = false;
    // Mutable so that a stopped host can start again with fresh default adapters.
    const services = {
        ...nodeServices,
        ...options.services,
    };
    const hostApiVersion = options.hostApiVersion ?? HOST_API_VERSION;
    const validator = new SchemaValidator();
    const redactor = new Redactor();
    const audit = new AuditLog();
    const records = new Map();
    const stateListeners = new Set();
    const executors = new ExecutorPool(options.executors, options.sandbox);
    let policy = options.policy ?? {};
    let configured = { plugins: [] };
    let configBaseDir = root;
    let configRead;
    /**
     * Reads stack.config.json once and merges its policy, so a plugin loaded with `load()` before
     * (or without) `start()` is held to the same policy (signatures, isolation, limits).
     */
    const readConfig = () => (configRead ??= loadHostConfig(root, options.config).then((loaded) => {
        configured = loaded.config;
        configBaseDir = loaded.baseDir;
        policy = mergePolicy(options.policy ?? {}, loaded.config.policy);
    }));
    const log = (level, message, plugin, data) => {
        try {
            services.logger.write({
                level,
                message: redactor.redact(message),
                ...(plugin === undefined ? {} : { plugin }),
                ...(data === undefined ? {} : { data: redactor.redactValue(data) }),
                time: services.clock.now(),
            });
        }
        catch {
            // A broken logger must not break the host.
        }
    };
    const bus = new EventBus({
        historySize: options.eventHistory ?? 1000,
        onListenerError: (error, event, owner) => {
            log('warn', `listener failed for "${event.topic}": ${errorText(error)}`, owner);
        },
    });
    const notify = (change) => {
        for (const listener of stateListeners) {
            try {
                listener(change);
            }
            catch (error) {
                log('warn', `state change listener failed: ${errorText(error)}`);
            }
        }
    };
    // ---- records -------------------------------------------------------------------------
    const status = statusOf;
    const find = (name) => {
        const record = records.get(name);
        if (record === undefined)
            throw createError('PLUGIN_NOT_FOUND', { plugin: name }, { plugin: name });
        return record;
    };
    const serial = (record, run) => {
        const next = record.queue.then(run, run);
        record.queue = next.catch(() => { });
        return next;
    };
    const fail = (record, error) => {
        redactor.redactError(error);
        record.error = error;
        if (record.lifecycle.state !== 'failed')
            record.lifecycle.transition('failed', error);
        log('error', error.message, record.prepared.pkg.name);
        return error;
    };
    const nodeOf = (r) => ({
        name: r.prepared.pkg.name,
        version: r.prepared.pkg.version,
        requires: r.prepared.pkg.manifest.requires ?? {},
    });
    const graph = (include = () => true) => DependencyGraph.from([...records.values()].filter(include).map(nodeOf));
    const routes = new ContributionRoutes(bus, () => services.clock);
    const _declared = declaredContribution;
    const brokerDeps = {
        services,
        audit,
        redactor,
        emit: (source, topic, payload, time) => publish(source, topic, payload, time),
        execute: (id, input, caller) => invoke('commands', id, input, { caller }),
    };
    const brokerFor = (record, generation) => createCapabilityBroker(brokerDeps, routes.scopeFor(record, generation));
    const recovery = {
        routes,
        brokerFor,
        fail: (record, error) => void fail(record, error),
        log: (level, message, plugin) => log(level, message, plugin),
        redact: (error) => redactor.redactError(error),
    };
    const publish = (source, topic, payload, time = services.clock.now()) => {
        // A plugin's payload was already checked by its broker, as part of the call's arguments.
        if (source === 'host')
            checkPayload(payload, { what: () => `The payload of "${topic}"` });
        return bus.publish({ topic, payload, source, time });
    };
    // ---- activation ------------------------------------------------------------------------
    /** Loads fresh code and runs `activate`; returns the new generation, not yet switched in. */
    const startGeneration = async (record, live) => {
        const { pkg, limits, config } = record.prepared;
        const plugin = pkg.name;
        const generation = new PluginGeneration(live);
        routes.adopt(generation, record);
        // Through a channel: after a sandbox restart the same instance talks to a new generation.
        const channel = { handler: brokerFor(record, generation) };
        let started = performance.now();
        try {
            generation.instance = await (await executors.get(record.prepared.isolation)).load({
                plugin: { name: plugin, version: pkg.version, dir: pkg.dir, entry: pkg.entry },
                config,
                limits,
                capabilities: (call) => channel.handler(call),
                clock: services.clock,
            });
        }
        catch (error) {
            routes.clear(generation);
            throw wrapPluginError(error, plugin, 'load');
        }
        if (isSupervised(generation.instance)) {
            followSupervision(recovery, record, generation.instance, channel);
        }
        record.metrics.loadMs = performance.now() - started;
        if (live)
            record.current = generation;
        started = performance.now();
        try {
            await generation.instance.activate({ caller: 'host', timeoutMs: limits.timeoutMs });
        }
        catch (error) {
            routes.clear(generation);
            if (record.current === generation)
                record.current = undefined;
            await generation.instance.dispose().catch(() => { });
            throw wrapPluginError(error, plugin, 'activate');
        }
        record.metrics.activateMs = performance.now() - started;
        return generation;
    };
    /** Runs `deactivate` with its deadline, then removes everything the generation registered. */
    const stopGeneration = async (record, generation) => {
        const plugin = record.prepared.pkg.name;
        generation.live = false;
        let failure;
        try {
            await generation.instance?.deactivate({
                caller: 'host',
                timeoutMs: record.prepared.limits.timeoutMs,
            });
        }
        catch (error) {
            failure = redactor.redactError(wrapPluginError(error, plugin, 'deactivate'));
            log('warn', failure.message, plugin);
        }
        finally {
            routes.clear(generation);
            await generation.instance?.dispose().catch(() => { });
            generation.instance = undefined;
        }
        return failure;
    };
    /**
     * Disposes what is left of a plugin that is not active: the instance of a crashed sandbox
     * (which its supervisor may be restarting) stays with the record until the plugin is
     * enabled again, disabled, unloaded or the host stops.
     */
    const discard = async (record) => {
        const generation = record.current;
        if (generation === undefined || record.lifecycle.state === 'active')
            return;
        record.current = undefined;
        routes.clear(generation);
        await generation.instance?.dispose().catch(() => { });
        generation.instance = undefined;
    };
    const activate = async (record) => {
        const state = record.lifecycle.state;
        if (state === 'active')
            return;
        await discard(record);
        if (state === 'failed')
            record.lifecycle.transition('validated');
        record.error = undefined;
        try {
            const generation = await startGeneration(record, true);
            routes.goLive(record, generation, undefined);
            if (record.lifecycle.state === 'validated')
                record.lifecycle.transition('loaded');
            record.lifecycle.transition('active');
        }
        catch (error) {
            throw fail(record, error);
        }
    };
    const deactivate = async (record) => {
        if (record.lifecycle.state !== 'active')
            return;
        const generation = record.current;
        record.current = undefined;
        const failure = generation === undefined ? undefined : await stopGeneration(record, generation);
        if (failure !== undefined)
            record.error = failure;
        record.lifecycle.transition('inactive', failure);
    };
    // ---- preparation -----------------------------------------------------------------------
    /** Reads and checks one plugin; it becomes known to the host only through {@link admit}. */
    const prepare = async (dir, entry, runtimeConfig, isolation) => {
        const prepared = await preparePlugin({
            dir,
            entry,
            runtimeConfig,
            isolation,
            policy,
            hostApiVersion,
            env,
            validator,
        });
        const name = prepared.pkg.name;
        return {
            prepared,
            entry,
            runtimeConfig,
            requestedIsolation: isolation,
            lifecycle: new PluginLifecycle(name, notify),
            metrics: new MetricsRecorder(),
            current: undefined,
            error: undefined,
            queue: Promise.resolve(),
        };
    };
    /**
     * Makes a prepared plugin known (`validated`). Done one at a time in discovery order, so the
     * order of `plugins()` and which copy of a duplicate wins never depend on I/O timing.
     */
    const admit = (record) => {
        const name = record.prepared.pkg.name;
        const existing = records.get(name);
        if (existing !== undefined) {
            throw createError('PLUGIN_DUPLICATE', { dir: existing.prepared.pkg.dir }, { plugin: name });
        }
        records.set(name, record);
        record.lifecycle.transition('validated');
        return record;
    };
    /** Fails every plugin whose requirements are missing, mismatched or cyclic. */
    const checkGraph = (candidates) => {
        const nodes = [...records.values()].map(nodeOf);
        const errors = requirementErrors(nodes, new Set(candidates.map((r) => r.prepared.pkg.name)));
        for (const [name, error] of errors) {
            const record = records.get(name);
            if (record !== undefined && record.lifecycle.state !== 'failed')
                fail(record, error);
        }
    };
    /** Activates `record` after what it requires; fails it with DEPENDENCY_FAILED when one of those is not active. */
    const activateAfterDependencies = async (record) => {
        const plugin = record.prepared.pkg.name;
        for (const dependency of Object.keys(record.prepared.pkg.manifest.requires ?? {})) {
            const dep = records.get(dependency);
            if (dep?.lifecycle.state !== 'active') {
                throw fail(record, createError('DEPENDENCY_FAILED', { dependency }, { plugin }));
            }
        }
        await serial(record, () => activate(record));
    };
    // ---- calls -----------------------------------------------------------------------------
    const invoke = createInvoker({
        routes,
        validator,
        redactor,
        // Supervised sandboxes report crashes through their status (see _sandbox-recovery.ts); an
        // instance of another executor that says it crashed cannot serve again: it is failed and
        // disposed (once, serialised).
        onCrash: (record, generation, error) => {
            if (isSupervised(generation.instance))
                return;
            void serial(record, async () => {
                if (record.current !== generation || record.lifecycle.state !== 'active')
                    return;
                fail(record, error);
                await discard(record);
            });
        },
    });
    // A plugin's workflow may name its own contributions as `<kind>:<id>`; that must never
    // reach another plugin's (ids are unique across plugins, so the route says whose it is).
    const engineInvoke = (ref, input, engineOptions) => {
        const owner = engineOptions.owner;
        if (ref.own && owner !== undefined) {
            const serving = routes.route(ref.kind, ref.id).record?.prepared.pkg.name;
            if (serving !== owner) {
                return Promise.reject(createError('WORKFLOW_USES_FOREIGN', {
                    workflow: engineOptions.workflow,
                    ref: `${ref.kind}:${ref.id}`,
                    ...(serving === undefined ? {} : { owner: serving }),
                }, { plugin: owner }));
            }
        }
        return invoke(ref.kind, ref.id, input, {
            caller: engineOptions.workflow ?? 'host',
            signal: engineOptions.signal,
        });
    };
    /**
     * A workflow by id: from the host config first (trusted: its templates may read `${env.X}`),
     * then from active plugins' manifests (untrusted: no `env` root, or a plugin could read any
     * variable through a template instead of asking for `env:<NAME>`).
     */
    const findWorkflow = (id) => {
        const fromConfig = configured.workflows?.find((w) => w.id === id);
        if (fromConfig !== undefined)
            return { definition: fromConfig, trusted: true };
        for (const record of records.values()) {
            if (record.lifecycle.state !== 'active')
                continue;
            const found = record.prepared.pkg.manifest.contributes?.workflows?.find((w) => w.id === id);
            if (found !== undefined)
                return {
                    definition: found,
                    trusted: false,
                    owner: record.prepared.pkg.name,
                };
        }
        throw createError('CONTRIBUTION_NOT_FOUND', { kind: 'workflows', id });
    };
    // ---- the Host --------------------------------------------------------------------------
    const host = {
        async start() {
            if (nodeServicesClosed) {
                nodeServices = makeNodeServices();
                nodeServicesClosed = false;
                const { close: _close, ...fresh } = nodeServices;
                Object.assign(services, fresh, options.services);
            }
            // start() re-reads the config file, so a restarted host sees its current content.
            configRead = undefined;
            await readConfig();
            const { sources, unresolved } = await discoverPlugins(root, configured, configBaseDir);
            const failures = unresolved.map((u) => u.error);
            const settled = await Promise.allSettled(sources.map((source) => prepare(source.dir, source.entry, undefined, undefined)));
            const candidates = [];
            settled.forEach((outcome, i) => {
                const label = sources[i]?.label ?? '?';
                try {
                    if (outcome.status === 'rejected')
                        throw outcome.reason;
                    candidates.push(admit(outcome.value));
                }
                catch (error) {
                    // Catalog errors that already name the plugin (CONFIG_INVALID, HOST_INCOMPATIBLE,
                    // MANIFEST_INVALID) say enough; anything else is wrapped with the phase.
                    const named = isStackPluginError(error) && error.plugin !== undefined;
                    failures.push(redactor.redactError(named ? error : wrapPluginError(error, label, 'discovery')));
                }
            });
            checkGraph(candidates);
            const levels = graph((r) => r.lifecycle.state !== 'failed').levels();
            for (const level of levels) {
                await Promise.all(level.map(async (name) => {
                    const record = records.get(name);
                    if (record === undefined || record.lifecycle.state === 'failed')
                        return;
                    if (record.entry?.enabled === false || record.lifecycle.state === 'active')
                        return;
                    await activateAfterDependencies(record).catch(() => { });
                }));
            }
            for (const record of candidates)
                if (record.error !== undefined && record.lifecycle.state === 'failed')
                    failures.push(record.error);
            if (failures.length > 0) {
                const detail = failures.map((e) => e.message.replace(/\.$/, '')).join('; ');
                throw redactor.redactError(createError('HOST_STARTUP_FAILED', { count: failures.length, detail }, { cause: new AggregateError(failures, 'plugins failed to start') }));
            }
        },
        async stop() {
            const order = graph().names();
            let levels;
            try {
                levels = graph().levels();
            }
            catch {
                levels = [order];
            }
            for (const level of [...levels].reverse()) {
                await Promise.all(level.map(async (name) => {
                    const record = records.get(name);
                    if (record === undefined)
                        return;
                    await serial(record, async () => {
                        await deactivate(record);
                        await discard(record);
                        if (record.lifecycle.state === 'failed' ||
                            record.lifecycle.state === 'inactive' ||
                            record.lifecycle.state === 'validated' ||
                            record.lifecycle.state === 'loaded') {
                            record.lifecycle.transition('unloaded');
                        }
                    });
                }));
            }
            records.clear();
            await executors.close();
            // Pending durable writes of the default state store are flushed before stop resolves.
            if (options.services?.state === undefined)
                await nodeServices.close();
            nodeServicesClosed = true;
        },
        async load(source, loadOptions = {}) {
            await readConfig();
            const dir = 'path' in source
                ? isAbsolute(source.path)
                    ? source.path
                    : resolve(root, source.path)
                : resolvePackageDir(root, source.package);
            if (dir === undefined) {
                const name = source.package;
                throw createError('PLUGIN_NOT_FOUND', { plugin: name }, { plugin: name });
            }
            let record;
            try {
                record = admit(await prepare(dir, undefined, loadOptions.config, loadOptions.isolation));
            }
            catch (error) {
                throw redactor.redactError(error);
            }
            checkGraph([record]);
            if (record.lifecycle.state === 'failed')
                throw record.error;
            if (loadOptions.activate !== false)
                await host.enable(record.prepared.pkg.name);
            return status(record);
        },
        async enable(name) {
            const record = find(name);
            if (record.lifecycle.state === 'active')
                return;
            for (const dependency of Object.keys(record.prepared.pkg.manifest.requires ?? {})) {
                try {
                    await host.enable(dependency);
                }
                catch (error) {
                    throw fail(record, createError('DEPENDENCY_FAILED', { dependency }, { plugin: name, cause: error }));
                }
            }
            await serial(record, () => activate(record));
        },
        async disable(name) {
            const record = find(name);
            // A failed plugin keeps no code running: a sandbox its supervisor would restart goes too.
            if (record.lifecycle.state === 'failed')
                await serial(record, () => discard(record));
            if (record.lifecycle.state !== 'active')
                return;
            for (const dependent of graph().dependentsOf(name)) {
                const other = records.get(dependent);
                if (other?.lifecycle.state === 'active')
                    await host.disable(dependent);
            }
            await serial(record, () => deactivate(record));
        },
        async unload(name) {
            const record = find(name);
            await host.disable(name);
            await serial(record, async () => {
                if (record.current !== undefined) {
                    routes.clear(record.current);
                    await record.current.instance?.dispose().catch(() => { });
                    record.current = undefined;
                }
                record.lifecycle.transition('unloaded');
            });
            records.delete(name);
        },
        async reload(name) {
            const record = find(name);
            await serial(record, async () => {
                const next = await preparePlugin({
                    dir: record.prepared.pkg.dir,
                    entry: record.entry,
                    runtimeConfig: record.runtimeConfig,
                    isolation: record.requestedIsolation,
                    policy,
                    hostApiVersion,
                    env,
                    validator,
                }).catch((error) => {
                    throw redactor.redactError(error);
                });
                if (next.pkg.name !== name) {
                    throw createError('MANIFEST_INVALID', {
                        detail: `the package was renamed to "${next.pkg.name}"; unload it and load the new one`,
                    }, { plugin: name });
                }
                if (record.lifecycle.state !== 'active') {
                    record.prepared = next;
                    return;
                }
                const previousPrepared = record.prepared;
                record.prepared = next;
                let generation;
                try {
                    generation = await startGeneration(record, false);
                }
                catch (error) {
                    // The new code failed: keep serving with the old one.
                    record.prepared = previousPrepared;
                    throw redactor.redactError(error);
                }
                const previous = record.current;
                routes.goLive(record, generation, previous);
                if (previous !== undefined) {
                    // Calls that reached the old code finish there before it is deactivated.
                    await previous.idle();
                    const failure = await stopGeneration(record, previous);
                    if (failure !== undefined)
                        record.error = failure;
                }
            });
        },
        plugins() {
            return [...records.values()].map(status);
        },
        plugin(name) {
            const record = records.get(name);
            return record === undefined ? undefined : status(record);
        },
        execute(commandId, input, callOptions) {
            return invoke('commands', commandId, input, callOptions);
        },
        invoke(kind, id, input, callOptions) {
            return invoke(kind, id, input, callOptions);
        },
        runChain(chain, input, chainOptions = {}) {
            return runChain(chain, input, {
                invoke: engineInvoke,
                ...(chainOptions.signal === undefined ? {} : { signal: chainOptions.signal }),
            });
        },
        async runWorkflow(workflow, input, workflowOptions = {}) {
            const { definition, trusted, owner } = typeof workflow === 'string'
                ? findWorkflow(workflow)
                : { definition: workflow, trusted: true, owner: undefined };
            return runWorkflow(definition, input, {
                invoke: engineInvoke,
                ...(owner === undefined ? {} : { owner }),
                clock: services.clock,
                ...(trusted ? { scope: { env } } : {}),
                ...(workflowOptions.signal === undefined ? {} : { signal: workflowOptions.signal }),
            });
        },
        events: {
            emit: (topic, payload) => publish('host', topic, payload),
            on: (pattern, listener) => bus.on(pattern, listener, 'host'),
            history: () => bus.history(),
        },
        audit: () => audit.entries(),
        onStateChange(listener) {
            stateListeners.add(listener);
            return () => {
                stateListeners.delete(listener);
            };
        },
    };
    return host;
}
function errorText(error) {
    if (isStackPluginError(error))
        return error.message;
    return error instanceof Error ? error.message : String(error);
}
//# sourceMappingURL=create-host.js.map