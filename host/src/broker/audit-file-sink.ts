import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { AuditSink, CapabilityRecord } from './audit-log.js';

/**
 * One line of the audit file (JSON Lines, UTF-8, one object a line, keys in this order). The
 * schema is versioned by `v`; fields are only ever added.
 */
export interface AuditLine {
  /** Schema version of the line: 1. */
  readonly v: 1;
  /** Host clock time of the call, ISO 8601 in UTC (`2026-12-07T00:01:02.345Z`). */
  readonly time: string;
  /** Who: the npm name of the plugin that made the call. */
  readonly plugin: string;
  /** The capability (`fs`, `net`, `env`, `secrets`, `exec`, `events`, `state`, `db`, ...). */
  readonly capability: string;
  /** Its method (`readFile`, `fetch`, `emit`, ...). */
  readonly method: string;
  /** The resource: a path, URL, address, variable name, command, topic or key (redacted). */
  readonly target: string;
  /** The broker's decision. */
  readonly decision: 'allowed' | 'denied';
  /**
   * For an allowed call the granted permission that allowed it, for a denied one the
   * permission that would have; absent when no permission applies.
   */
  readonly permission?: string;
}

/** Where and how much {@link AuditFileSink} writes (`audit` in stack.config.json). */
export interface AuditFileOptions {
  /** The current file; rotated ones are `<file>.1` (newest) to `<file>.<keep>`. */
  readonly file: string;
  /** Size in bytes past which the file is rotated before the next line. Default 10 MiB. */
  readonly maxBytes?: number;
  /** Rotated files kept beside the current one. Default 5. */
  readonly keep?: number;
  /** Told when a line could not be written (the call itself goes on). */
  readonly onError?: (error: unknown) => void;
}

/** Defaults of {@link AuditFileOptions}, as the host config schema documents them. */
export const DEFAULT_AUDIT_FILE = { maxBytes: 10 * 1024 * 1024, keep: 5 } as const;

const NEWLINE = 0x0a;

/**
 * Appends audit records to a JSON Lines file. Each line is one `write` on a descriptor opened
 * with `O_APPEND`, done before the capability call proceeds: what the kernel took survives
 * the process, so a host killed at any point keeps every earlier line, and a line cut short
 * (a full disk, a power loss, a kill mid-write) is the file's last, which a reader skips and
 * reports. Opening an existing file appends to it (a restarted host continues the log), after
 * ending a cut-short last line. One host writes a file: two hosts rotating it would lose lines.
 */
export class AuditFileSink implements AuditSink {
  /** The current file (absolute when given so). */
  readonly file: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #onError: (error: unknown) => void;
  #fd: number | undefined;
  #size = 0;

  constructor(options: AuditFileOptions) {
    this.file = options.file;
    this.#maxBytes = options.maxBytes ?? DEFAULT_AUDIT_FILE.maxBytes;
    this.#keep = Math.max(1, options.keep ?? DEFAULT_AUDIT_FILE.keep);
    this.#onError = options.onError ?? (() => {});
    mkdirSync(dirname(this.file), { recursive: true });
    this.#open();
  }

  /** Appends one record as an {@link AuditLine}. */
  write(record: CapabilityRecord): void {
    const { permission } = record;
    const line: AuditLine = {
      v: 1,
      time: new Date(record.time).toISOString(),
      plugin: record.plugin,
      capability: record.capability,
      method: record.method,
      target: record.target,
      decision: record.allowed ? 'allowed' : 'denied',
      ...(permission === undefined ? {} : { permission }),
    };
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
    try {
      if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) this.#rotate();
      this.#write(bytes);
    } catch (error) {
      this.#onError(error);
    }
  }

  /** Closes the file; later records are not written. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #open(): void {
    const fd = openSync(this.file, 'a+');
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
    if (this.#size === 0) return;
    // A line cut short by the previous host is ended, so the next record starts a line.
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, this.#size - 1);
    if (last[0] !== NEWLINE) this.#write(Buffer.from('\n'));
  }

  #write(bytes: Buffer): void {
    if (this.#fd === undefined) return;
    let written = writeSync(this.#fd, bytes);
    // A regular file takes the whole buffer in one write; a short write (a full disk) is
    // finished, or fails, here.
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
    this.#size += bytes.length;
  }

  #rotate(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    try {
      rmSync(`${this.file}.${this.#keep}`, { force: true });
      for (let i = this.#keep - 1; i >= 1; i--) {
        const from = `${this.file}.${i}`;
        if (existsSync(from)) renameSync(from, `${this.file}.${i + 1}`);
      }
      renameSync(this.file, `${this.file}.1`);
    } finally {
      // Reopened even when a rename failed: the log goes on in the current file.
      this.#open();
    }
  }
}
