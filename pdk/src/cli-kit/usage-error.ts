/**
 * Bad usage of a command line, found before any work starts: an unknown option or command, a
 * missing value, a wrong positional. Kept free of the error catalog so that argument parsing
 * never loads it; each CLI turns it into its own catalog code (`BAD_USAGE`,
 * `SCAFFOLD_BAD_USAGE`), exit status 2.
 */
export class UsageError extends Error {
  /** The (sub)command concerned, for the hint; undefined for global usage errors. */
  readonly command: string | undefined;

  constructor(detail: string, command?: string) {
    super(detail);
    this.name = 'UsageError';
    this.command = command;
  }
}
