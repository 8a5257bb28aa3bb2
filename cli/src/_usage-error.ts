/**
 * Bad usage found by the framework before a command runs. Kept local (instead of a catalog
 * error) so that argument parsing never loads `@stack-plugin/pdk`; `runCli` turns it into the
 * catalog's `BAD_USAGE`.
 */
export class UsageError extends Error {
  /** The command concerned, for the hint; undefined for global usage errors. */
  readonly command: string | undefined;

  constructor(detail: string, command?: string) {
    super(detail);
    this.name = 'UsageError';
    this.command = command;
  }
}
