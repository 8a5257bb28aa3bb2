/**
 * The parts of `@stack-plugin/cli` these tests use. It is imported through a non-literal
 * specifier so that type-checking this package does not type-check the CLI's sources too
 * (the CLI is a separate package, checked on its own); this interface is the contract.
 */
export interface KitCli {
  runCli(
    argv: readonly string[],
    options?: { cwd?: string; env?: Record<string, string | undefined> },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  generatePluginTypes(
    dir: string,
    options?: { check?: boolean },
  ): Promise<{ file: string; stale: boolean; written: boolean }>;
}

const specifier: string = '@stack-plugin/cli';

/** Load the kit's CLI as a library. */
export async function kitCli(): Promise<KitCli> {
  return (await import(specifier)) as KitCli;
}
