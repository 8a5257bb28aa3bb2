import type { StackPluginError } from '@stack-plugin/pdk';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import type { Clock } from '../services/host-services.js';
import type { ControllerDeps, PluginRequest } from './_controller-deps.js';
import type { PluginGeneration } from './plugin-generation.js';

/** What {@link IdleSandbox} needs from the plugin's controller. */
export interface IdleSubject {
  readonly name: string;
  readonly state: string;
  readonly request: PluginRequest;
  readonly isolation: IsolationLevel;
  /** The generation serving the plugin now. */
  current(): PluginGeneration | undefined;
  /** Runs `work` serialised with the plugin's lifecycle operations. */
  serial(work: () => Promise<void>): Promise<void>;
  /** Starts a live generation and routes it (files verified again, `activate` run). */
  start(): Promise<void>;
  /** Withdraws the routes of `generation` and stops it; the plugin stays `active`. */
  stop(generation: PluginGeneration): Promise<void>;
  fail(error: StackPluginError): StackPluginError;
}

/**
 * Idle termination of one sandboxed plugin: every idle period it checks whether the serving
 * generation served a call since the last check; when it did not, has none in flight and no
 * event listener (an event is a use the host cannot route to a stopped sandbox), the sandbox is
 * stopped and the plugin stays `active` with `idle` set. Reading a counter per period keeps
 * the call path free of clock reads, so a sandbox ends between one and two idle periods after
 * its last call. The next use calls {@link IdleSandbox.resume}.
 */
export class IdleSandbox {
  #idle = false;
  #timer: unknown;
  #clock: Clock | undefined;
  readonly #subject: IdleSubject;
  readonly #deps: ControllerDeps;

  constructor(subject: IdleSubject, deps: ControllerDeps) {
    this.#subject = subject;
    this.#deps = deps;
  }

  /** Whether the sandbox was stopped for idleness and the next use starts it again. */
  get idle(): boolean {
    return this.#idle;
  }

  /**
   * Watches `generation`, which serves now (a sandboxed plugin's config entry
   * `idleTimeoutMs`, else the host's; in-process plugins have no sandbox to end).
   */
  watch(generation: PluginGeneration): void {
    this.#idle = false;
    this.#disarm();
    const { request, isolation } = this.#subject;
    const idleMs = request.entry?.idleTimeoutMs ?? this.#deps.idleTimeoutMs();
    if (idleMs === undefined || idleMs <= 0) return;
    if (this.#deps.executors.runsAt(isolation) === 'none') return;
    this.#clock = this.#deps.clock();
    let seen = generation.calls;
    const check = () => {
      if (this.#subject.current() !== generation || !generation.live) return;
      if (generation.calls === seen && !generation.busy && generation.listeners.size === 0) {
        void this.#subject.serial(() => this.#park(generation, seen)).catch(() => {});
        return;
      }
      seen = generation.calls;
      this.#schedule(check, idleMs);
    };
    this.#schedule(check, idleMs);
  }

  /** Stops watching; the plugin is no longer idle (it is being stopped or replaced). */
  stop(): void {
    this.#idle = false;
    this.#disarm();
  }

  /**
   * Starts the sandbox of an idle plugin again: a new generation, as for any start. Concurrent
   * uses share it (the serial queue); a failure fails the plugin, and the use that woke it
   * gets the error.
   */
  resume(): Promise<void> {
    return this.#subject.serial(async () => {
      if (!this.#idle || this.#subject.state !== 'active') return;
      // Idle until the new generation is routed: a call missing the route meanwhile must find
      // the plugin idle and wait here, not be told the command does not exist.
      try {
        await this.#subject.start();
      } catch (error) {
        this.#idle = false;
        throw this.#subject.fail(error as StackPluginError);
      }
    });
  }

  /**
   * Ends the sandbox of an idle plugin that stays `active` (no lifecycle event: its
   * contributions stay available). The routes are withdrawn in the same synchronous step that
   * finds no call in flight and none begun since `seen`, so no call can reach the instance
   * being stopped: the next one misses, and the host's `wake` calls {@link resume}.
   */
  async #park(generation: PluginGeneration, seen: number): Promise<void> {
    const subject = this.#subject;
    if (subject.current() !== generation || subject.state !== 'active' || !generation.live) return;
    if (generation.calls !== seen || generation.busy) return this.watch(generation);
    this.#idle = true;
    await subject.stop(generation);
    const message = `"${subject.name}" was idle: its sandbox was stopped until its next use.`;
    this.#deps.log('info', message, subject.name);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.#clock?.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(check: () => void, idleMs: number): void {
    this.#timer = this.#clock?.setTimeout(check, idleMs);
    // A host waiting for nothing but an idle check may exit.
    (this.#timer as { unref?: () => void } | undefined)?.unref?.();
  }
}
