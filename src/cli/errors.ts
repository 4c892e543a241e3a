/** Failures the CLI reports as one plain line (no stack trace) with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 1: the command ran and failed; 2: the command line itself was wrong. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong command line: exit code 2 and a pointer to the help. */
export function usageError(message: string, command?: string): CliError {
  return new CliError(`${message}\nRun 'gearshift help${command ? ` ${command}` : ''}' for usage.`, 2);
}
