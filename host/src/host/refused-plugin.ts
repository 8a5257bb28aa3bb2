import {
  type HostPluginEvent,
  isStackPluginError,
  type Manifest,
  type PluginPackage,
  readPluginPackage,
  type StackPluginError,
} from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import { PluginLifecycle, type StateChange } from '../lifecycle/plugin-lifecycle.js';
import { wrapPluginError } from './_prepare-plugin.js';
import type { PluginStatus } from './host-types.js';
import { MetricsRecorder } from './plugin-metrics.js';

/** What a plugin refused before it could be admitted is known by. */
export interface Refusal {
  /** Its npm name when known, else how the config names it (package name or path). */
  readonly name: string;
  /** Its folder, when it was found. */
  readonly dir: string | undefined;
  /** Why it was refused: `PLUGIN_NOT_FOUND`, `MANIFEST_INVALID`, `SIGNATURE_*`, `POLICY_*`, ... */
  readonly error: StackPluginError;
}

/**
 * The refusal of the plugin configured as `label` in `dir` that failed with `error`: catalog
 * errors that already name the plugin (`CONFIG_INVALID`, `HOST_INCOMPATIBLE`,
 * `MANIFEST_INVALID`, `SIGNATURE_*`) say enough; anything else is wrapped with the phase.
 * Redacted, since it leaves the host.
 */
export function refusalOf(
  error: unknown,
  label: string,
  dir: string | undefined,
  redactor: Redactor,
): Refusal {
  const named = isStackPluginError(error) && error.plugin !== undefined;
  return {
    name: (named && (error as StackPluginError).plugin) || label,
    dir,
    error: redactor.redactError(
      named ? (error as StackPluginError) : wrapPluginError(error, label, 'discovery'),
    ),
  };
}

/**
 * Stands in for the manifest of a refused plugin whose manifest could not be read (not found,
 * unreadable or invalid): it contributes and asks for nothing.
 */
const UNREAD_MANIFEST: Manifest = Object.freeze({ category: 'integration', host: '*' }) as Manifest;

/**
 * A plugin the host refused before it could be admitted: no controller, no code, nothing
 * served; kept so that `host.plugins()` shows it with its error until the host forgets it (a
 * new `start()`, or a `load` that admits it). Its state moves along the one transition table,
 * `discovered --refuse--> refused`, so state listeners and `host.plugin.refused` hear of it
 * like any other change.
 */
export class RefusedPlugin {
  readonly name: string;
  readonly error: StackPluginError;
  readonly #dir: string;
  readonly #pkg: PluginPackage | undefined;
  readonly #lifecycle: PluginLifecycle;
  readonly #metrics = new MetricsRecorder().snapshot();

  private constructor(
    refusal: Refusal,
    pkg: PluginPackage | undefined,
    notify: (c: StateChange) => void,
  ) {
    this.name = refusal.name;
    this.error = refusal.error;
    this.#dir = pkg?.dir ?? refusal.dir ?? '';
    this.#pkg = pkg;
    this.#lifecycle = new PluginLifecycle(refusal.name, notify);
  }

  /**
   * Records `refusal`: reads what it can of the package (its manifest, when the refusal came
   * after it was read: signature, policy, grants, host range; no plugin code runs), then
   * applies `refuse` and announces it.
   */
  static async refuse(
    refusal: Refusal,
    notify: (change: StateChange) => void,
    announce: (event: HostPluginEvent) => void,
  ): Promise<RefusedPlugin> {
    const pkg =
      refusal.dir === undefined
        ? undefined
        : await readPluginPackage(refusal.dir).catch(() => undefined);
    const refused = new RefusedPlugin(refusal, pkg, notify);
    refused.#lifecycle.apply('refuse', refusal.error);
    announce({
      plugin: refused.name,
      version: pkg?.version ?? '',
      event: 'refuse',
      from: 'discovered',
      to: 'refused',
      error: { code: String(refusal.error.code), message: String(refusal.error.message) },
    });
    return refused;
  }

  /** The public snapshot: state `refused`, with its error. */
  status(): PluginStatus {
    const manifest = this.#pkg?.manifest ?? UNREAD_MANIFEST;
    return {
      name: this.name,
      version: this.#pkg?.version ?? '',
      dir: this.#dir,
      state: this.#lifecycle.state,
      // Nothing runs: the level its manifest asks for, as read.
      isolation: manifest.isolation ?? 'none',
      manifest,
      error: this.error,
      // It holds nothing: none of its code runs. What it asked for is still worth showing.
      permissions: [],
      requestedPermissions: [...(manifest.permissions ?? [])],
      withheldPermissions: [],
      deniedPermissions: [],
      metrics: this.#metrics,
    };
  }
}
