/**
 * The Acme host: a small application that embeds `@stack-plugin/host`. Everything a host
 * application usually does is here once, in the order it happens: start from stack.config.json
 * (its policy refuses unsigned plugins), go on when some plugins are refused, list and dispatch
 * contributions, run chains, export telemetry, follow releases on disk, and shut down.
 */
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type ContributionInfo,
  type ContributionQuery,
  createHost,
  HOST_EVENT_TYPES,
  type Host,
  type PluginStatus,
  type PluginWatch,
} from '@stack-plugin/host';
import { ticketsImplementation } from './tickets-capability.ts';

/** How to open the Acme host. */
export interface AcmeHostOptions {
  /** Folder holding stack.config.json; relative plugin paths and the audit file are under it. */
  readonly root: string;
  /** Append the host's events (plugin events, audit records, call samples) to this JSON Lines file. */
  readonly eventsFile?: string;
  /** Reload plugins when their files change on disk. */
  readonly watch?: boolean;
  /** Where the host's own messages go (default: standard error). */
  readonly log?: (line: string) => void;
}

/** A started Acme host. */
export interface AcmeHost {
  /** The embedded host, for anything this wrapper does not cover. */
  readonly host: Host;
  /** Plugins that did not start, with the reason each was refused. */
  refused(): PluginStatus[];
  /** Contributions, optionally of one kind, as the host lists them (no plugin code runs). */
  list(kind?: ContributionQuery['kind']): ContributionInfo[];
  /** Run one contribution: `<kind>:<id>`, or a bare command id. */
  call(ref: string, input?: unknown): Promise<unknown>;
  /** Run contributions one after another, each given the previous one's output. */
  chain(refs: readonly string[], input: unknown): Promise<unknown>;
  /** Every plugin's metrics in the Prometheus text format. */
  metrics(): Promise<string>;
  /** Stop watching, stop every plugin, close the files. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Start the host of `options.root`. A plugin that is refused (unsigned, invalid, failing to
 * activate) does not stop the others: the host starts what it can and `refused()` says why the
 * rest did not.
 */
export async function openAcmeHost(options: AcmeHostOptions): Promise<AcmeHost> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = resolve(options.root);
  // The host's own capability, offered to plugins that ask for `acme.tickets`.
  const host = createHost({ root, capabilities: [ticketsImplementation(root)] });
  const events = options.eventsFile === undefined ? undefined : openJsonLines(options.eventsFile);
  // Subscribed before start so that no event of the start is missed: every plugin event
  // (refused, activated, reloaded, crashed, ...), every audit record, every call's sample.
  const offs =
    events === undefined
      ? []
      : HOST_EVENT_TYPES.map((type) => host.on(type, (event) => events.write({ type, ...event })));
  const offEvents = () => {
    for (const off of offs) off();
  };
  try {
    await host.start();
  } catch (error) {
    // HOST_STARTUP_FAILED lists every plugin's error; the healthy plugins are running.
    if ((error as { code?: unknown }).code !== 'HOST_STARTUP_FAILED') {
      offEvents();
      events?.close();
      await host.stop();
      throw error;
    }
  }
  // Refused before loading (unsigned, invalid, policy) or failed since: not serving.
  const refused = () => host.plugins().filter((p) => p.state === 'refused' || p.state === 'failed');
  for (const plugin of refused()) {
    log(`acme-host: ${plugin.name} refused: ${plugin.error?.code} ${plugin.error?.message}`);
  }

  let watch: PluginWatch | undefined;
  if (options.watch === true) {
    watch = await host.watch({
      onReload: (reload) =>
        log(
          reload.ok
            ? `acme-host: reloaded ${reload.plugin} (${reload.changes.join(', ')})`
            : `acme-host: kept ${reload.plugin}: ${(reload.error as { code?: string })?.code} ${reload.error?.message}`,
        ),
    });
  }

  let closing: Promise<void> | undefined;
  return {
    host,
    refused,
    list: (kind) => host.contributions(kind === undefined ? {} : { kind }),
    call: (ref, input) => host.call(ref, input),
    chain: (refs, input) => host.runChain({ sequence: refs }, input),
    metrics: () => host.metricsText(),
    close() {
      closing ??= (async () => {
        await watch?.close();
        await host.stop();
        offEvents();
        events?.close();
      })();
      return closing;
    },
  };
}

/**
 * A JSON Lines file written one whole line per `write` call on a descriptor opened for
 * appending, so a process killed at any moment leaves complete lines behind.
 */
function openJsonLines(file: string): { write(value: unknown): void; close(): void } {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const fd = openSync(file, 'a');
  let open = true;
  return {
    write(value) {
      if (open) appendFileSync(fd, `${JSON.stringify(value)}\n`);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
