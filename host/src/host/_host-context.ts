import { resolve } from 'node:path';
import type { HostConfig, HostPolicy } from '../config/host-config.js';
import { loadHostConfig } from '../config/host-config.js';
import type { HostServices } from '../services/host-services.js';
import { createNodeServices, type NodeHostServices } from '../services/node/index.js';
import { mergePolicy } from './_merge-policy.js';
import type { CreateHostOptions } from './host-types.js';

/**
 * What a host reads from its options and its config file, and the services it runs with.
 * Services are one mutable object so that a stopped host can start again with fresh default
 * adapters while every module keeps the reference it was given.
 */
export class HostContext {
  readonly root: string;
  readonly env: Record<string, string | undefined>;
  readonly services: { -readonly [K in keyof HostServices]: HostServices[K] };
  policy: HostPolicy;
  configured: HostConfig = { plugins: [] };
  configBaseDir: string;
  readonly #options: CreateHostOptions;
  #node: NodeHostServices;
  #nodeClosed = false;
  #configRead: Promise<void> | undefined;

  constructor(options: CreateHostOptions) {
    this.#options = options;
    this.root = resolve(options.root);
    this.env = options.env ?? process.env;
    this.policy = options.policy ?? {};
    this.configBaseDir = this.root;
    // The real adapters do no I/O until used, so building them when every service is injected
    // costs nothing; injected ones always win.
    this.#node = this.#makeNode();
    this.services = { ...this.#node, ...options.services };
  }

  /**
   * Reads stack.config.json once and merges its policy, so a plugin loaded with `load()` before
   * (or without) `start()` is held to the same policy (signatures, isolation, limits).
   */
  readConfig(): Promise<void> {
    this.#configRead ??= loadHostConfig(this.root, this.#options.config).then((loaded) => {
      this.configured = loaded.config;
      this.configBaseDir = loaded.baseDir;
      this.policy = mergePolicy(this.#options.policy ?? {}, loaded.config.policy);
    });
    return this.#configRead;
  }

  /** Reads stack.config.json again (a reload applies what changed in it). */
  rereadConfig(): Promise<void> {
    this.#configRead = undefined;
    return this.readConfig();
  }

  /** On start: fresh default adapters after a stop, and the config file read again. */
  async renew(): Promise<void> {
    if (this.#nodeClosed) {
      this.#node = this.#makeNode();
      this.#nodeClosed = false;
      const { close: _close, ...fresh } = this.#node;
      Object.assign(this.services, fresh, this.#options.services);
    }
    this.#configRead = undefined;
    await this.readConfig();
  }

  /** On stop: pending durable writes of the default state store are flushed. */
  async close(): Promise<void> {
    if (this.#options.services?.state === undefined) await this.#node.close();
    this.#nodeClosed = true;
  }

  #makeNode(): NodeHostServices {
    const logger = this.#options.services?.logger;
    return createNodeServices({
      root: this.root,
      env: this.env,
      // Read on first use: the config file is read after the services are built.
      db: () => this.configured.db,
      ...(logger === undefined ? {} : { logger }),
    });
  }
}
