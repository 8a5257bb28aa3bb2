/**
 * Installs the guard; idempotent. Returns false on a worker thread, where signals are never
 * delivered: a host embedded in a worker must call this from its main thread.
 */
export declare function installSigusr1Guard(): boolean;
/** How many SIGUSR1 signals the guard swallowed (for the audit and for tests). */
export declare function sigusr1Swallowed(): number;
//# sourceMappingURL=sigusr1-guard.d.ts.map