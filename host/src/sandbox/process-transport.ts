import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bootFrame } from './_protocol.js';
import { bootData, RUNTIME_FILES } from './_runtime-files.js';
import { sesCodeCache } from './_ses-code-cache.js';
import { TransportEvents } from './_transport-events.js';
import type { SandboxTransport, SpawnRequest } from './sandbox-transport.js';
import { RUNTIME_HEAP_MB } from './worker-transport.js';

/** OS-level settings of child-process sandboxes. */
export interface ProcessSandboxOptions {
  /**
   * Run the child as this user. Default: `nobody` (65534) when the host runs as root, which
   * also stops the child from signalling the host; otherwise the host's own user.
   * `false` keeps the host's user.
   */
  readonly user?: { readonly uid: number; readonly gid: number } | false;
  /**
   * Apply rlimits through `prlimit` when it exists: no core dumps, no file writes (RLIMIT_FSIZE
   * 0) and at most `maxOpenFiles` descriptors. Default true. (RLIMIT_AS and RLIMIT_DATA cannot
   * be used: Node 24 reserves a large address space at start and crashes under either.)
   */
  readonly osLimits?: boolean;
  /** RLIMIT_NOFILE of the child. Default 64. */
  readonly maxOpenFiles?: number;
}

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
/**
 * RSS a booted sandbox may grow by beyond its plugin's limit before the watchdog acts: the
 * young generation, code space and IPC buffers grow with ordinary work.
 */
const RSS_SLACK = 64 * 1024 * 1024;

/** The Node flags of a strict sandbox, exposed for documentation and tests. */
export function strictNodeFlags(memoryMb: number): string[] {
  const reads = [
    RUNTIME_FILES.main,
    RUNTIME_FILES.runtime,
    RUNTIME_FILES.protocol,
    RUNTIME_FILES.payload,
    RUNTIME_FILES.ses,
  ];
  return [
    '--permission',
    // Exactly the runtime files and the package.json that says they are ES modules. The
    // plugin's code arrives over IPC, so not even its own folder is readable.
    ...reads.map((file) => `--allow-fs-read=${file}`),
    `--allow-fs-read=${RUNTIME_FILES.packageJson}`,
    `--max-old-space-size=${memoryMb + RUNTIME_HEAP_MB}`,
    '--stack-size=984',
    '--disable-proto=delete',
    '--no-experimental-global-navigator',
  ];
}

/**
 * Starts a child-process sandbox under Node's permission model (no fs writes, no reads
 * beyond the runtime files, no child processes, workers, addons or inspector), with its own
 * heap limit, an empty environment, IPC with structured-clone serialization, and rlimits
 * and a dropped user where the machine allows. Resolves once SES is locked down inside it.
 */
export function spawnProcessSandbox(
  request: SpawnRequest,
  options: ProcessSandboxOptions = {},
): Promise<SandboxTransport> {
  const flags = strictNodeFlags(request.memoryMb);
  const useLimits = (options.osLimits ?? true) && PRLIMIT !== undefined;
  const limits = ['--core=0', '--fsize=0', `--nofile=${options.maxOpenFiles ?? 64}`];
  const user =
    options.user === undefined
      ? process.getuid?.() === 0
        ? { uid: 65534, gid: 65534 }
        : undefined
      : options.user || undefined;
  const child: ChildProcess = fork(
    RUNTIME_FILES.main,
    // A child's plugin comes on stdin; one spawned without it is a spare.
    [JSON.stringify(bootData('stdin', undefined, undefined, request.init === undefined))],
    {
      execPath: useLimits ? PRLIMIT : process.execPath,
      execArgv: useLimits ? [...limits, '--', process.execPath, ...flags] : flags,
      env: {},
      cwd: dirname(RUNTIME_FILES.main),
      serialization: 'advanced',
      // stdin carries the host's SES code cache and the plugin (see `bootFrame`), then closes.
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    },
  );
  const events = new TransportEvents();
  let spawnError: Error | undefined;
  let baseline = 0;

  // 'error' events without listeners would crash the host; record them instead.
  child.on('error', (e) => {
    spawnError = e;
  });
  child.stdin?.on('error', () => {});
  child.stdin?.end(bootFrame(sesCodeCache(), request.init));
  child.stdout?.on('error', () => {});
  child.stderr?.on('error', () => {});
  events.pipeOutput(child.stdout, child.stderr);
  child.on('message', (raw) => events.message(raw));
  const ended = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      const heap = /heap limit|heap out of memory|Allocation failed/i.test(events.tail.text);
      events.exit({
        code,
        signal,
        ...(spawnError === undefined ? {} : { error: spawnError }),
        outOfMemory: heap,
        stderrTail: events.tail.text,
      });
      resolve();
    });
  });

  const rss = async (): Promise<number | undefined> => {
    if (child.pid === undefined || process.platform !== 'linux') return undefined;
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  };

  const transport: SandboxTransport = {
    kind: 'process',
    send: (message) => {
      if (events.exited !== undefined || !child.connected)
        throw new Error('the sandbox has exited');
      child.send(message);
    },
    onMessage: events.onMessage,
    onExit: events.onExit,
    onOutput: events.onOutput,
    memoryBytes: async () => {
      if (events.exited !== undefined) return undefined;
      const now = await rss();
      return now === undefined ? undefined : Math.max(0, now - baseline - RSS_SLACK);
    },
    kill: async () => {
      // An unref'd spare must still hold the loop open until it is really gone.
      transport.ref(true);
      if (events.exited === undefined) child.kill('SIGKILL');
      await ended;
    },
    ref: (on) => {
      const handles = [child, child.channel, child.stdout, child.stderr] as Array<
        { ref?: () => void; unref?: () => void } | null | undefined
      >;
      for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
    },
  };

  return new Promise((resolve, reject) => {
    const onBoot = async (raw: unknown) => {
      if ((raw as { t?: unknown } | null)?.t !== 'booted') return;
      child.off('message', onBoot);
      baseline = (await rss()) ?? 0;
      resolve(transport);
    };
    child.on('message', onBoot);
    transport.onExit((exit) =>
      reject(
        new Error(
          `the process sandbox failed to boot (${exit.signal ?? exit.code}): ${exit.error?.message ?? events.tail.text}`,
        ),
      ),
    );
  });
}
