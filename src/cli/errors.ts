// Errors the CLI turns into one line on stderr and an exit code.

/** Bad or missing options and arguments: exit 2, as getopt-style tools do. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Anything else the user can act on (unreadable file, command not found): exit 1 or `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
