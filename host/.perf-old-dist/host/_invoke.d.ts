import { type StackPluginError } from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { type PluginRecord } from './_plugin-record.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { CallOptions } from './host-types.js';
import type { PluginGeneration } from './plugin-generation.js';
/** What {@link createInvoker} needs from the host. */
export interface InvokerDeps {
    readonly routes: ContributionRoutes;
    readonly validator: SchemaValidator;
    readonly redactor: Redactor;
    /** Called when the executor reports that the plugin's sandbox crashed. */
    readonly onCrash: (record: PluginRecord, generation: PluginGeneration, error: StackPluginError) => void;
}
/**
 * The host's one way of calling a contribution: route to the live generation, check the input
 * (plain data, manifest schema), call under the plugin's deadline, wrap a failure with plugin
 * and phase, check the output, count the call in the plugin's metrics.
 */
export declare function createInvoker(deps: InvokerDeps): (kind: ContributionKind, id: string, input: unknown, callOptions?: CallOptions) => Promise<unknown>;
//# sourceMappingURL=_invoke.d.ts.map