import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import {
  type EngineInvoke,
  runChain,
  runWorkflow,
  type WorkflowDefinition,
} from '../workflow/index.js';
import type { HookRunner } from './_hooks.js';
import type { HostContext } from './_host-context.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { Host } from './host-types.js';
import type { PluginRegistry } from './plugin-registry.js';

/** What {@link createWorkflowRunner} needs from the host. */
export interface WorkflowDeps {
  readonly context: HostContext;
  readonly routes: ContributionRoutes;
  readonly registry: PluginRegistry;
  readonly invoke: Host['invoke'];
  readonly validator: SchemaValidator;
  readonly hooks: HookRunner;
  /** Activates the lazy plugins that workflow `id` (of `owner`, when a plugin's) needs first. */
  readonly wake: (id: string, owner: string | undefined) => Promise<void>;
}

/** The host's `runChain` and `runWorkflow`, over its contribution routes. */
export function createWorkflowRunner(deps: WorkflowDeps): Pick<Host, 'runChain' | 'runWorkflow'> {
  const { context, routes, registry, invoke, validator, hooks, wake } = deps;

  // A plugin's workflow may name its own contributions as `<kind>:<id>`; that must never
  // reach another plugin's (ids are unique across plugins, so the route says whose it is).
  const engineInvoke: EngineInvoke = (ref, input, engineOptions) => {
    const owner = engineOptions.owner;
    if (ref.own && owner !== undefined) {
      const serving = routes.route(ref.kind, ref.id)?.record.prepared.pkg.name;
      if (serving !== owner) {
        return Promise.reject(
          createError(hostErrors.WORKFLOW_USES_FOREIGN, {
            workflow: engineOptions.workflow,
            plugin: owner,
            ref: `${ref.kind}:${ref.id}`,
            ...(serving === undefined ? {} : { owner: serving }),
          }),
        );
      }
    }
    return invoke(ref.kind, ref.id, input, {
      caller: engineOptions.workflow ?? 'host',
      ...(engineOptions.signal === undefined ? {} : { signal: engineOptions.signal }),
    });
  };

  /**
   * A workflow by id: from the host config first (trusted: its templates may read `${env.X}`),
   * then from active and lazy plugins' manifests (untrusted: no `env` root, or a plugin could
   * read any variable through a template instead of asking for `env:<NAME>`).
   */
  const findWorkflow = (
    id: string,
  ): { definition: WorkflowDefinition; trusted: boolean; owner?: string } => {
    const fromConfig = context.configured.workflows?.find((w) => w.id === id);
    if (fromConfig !== undefined) return { definition: fromConfig, trusted: true };
    for (const controller of registry.all()) {
      if (controller.state !== 'active' && controller.state !== 'lazy') continue;
      const { manifest } = controller.prepared.pkg;
      const found = manifest.contributes?.workflows?.find((w) => w.id === id);
      if (found !== undefined)
        return {
          definition: found as unknown as WorkflowDefinition,
          trusted: false,
          owner: controller.name,
        };
    }
    throw createError(hostErrors.CONTRIBUTION_NOT_FOUND, { kind: 'workflows', id });
  };

  return {
    runChain(chain, input, chainOptions = {}) {
      return runChain(chain, input, {
        invoke: engineInvoke,
        ...(chainOptions.signal === undefined ? {} : { signal: chainOptions.signal }),
      });
    },
    async runWorkflow(workflow, input, workflowOptions = {}) {
      const { definition, trusted, owner } =
        typeof workflow === 'string'
          ? findWorkflow(workflow)
          : { definition: workflow, trusted: true, owner: undefined };
      // Its lazy owner and the plugins declaring `onWorkflow:<id>` activate before it runs.
      await wake(definition.id, owner);
      // A declared input schema holds before any step runs (VALIDATION_FAILED, no step result).
      if (definition.input !== undefined) {
        validator.assert(definition.input, input, {
          what: `The input of workflow "${definition.id}"`,
          ...(owner === undefined ? {} : { plugin: owner }),
        });
      }
      return runWorkflow(definition, input, {
        invoke: engineInvoke,
        hooks: hooks.stepHooks,
        ...(owner === undefined ? {} : { owner }),
        clock: context.services.clock,
        ...(trusted ? { scope: { env: context.env } } : {}),
        ...(workflowOptions.signal === undefined ? {} : { signal: workflowOptions.signal }),
      });
    },
  };
}
