/*
 * What every subcommand gets: where to print, whether a person is watching,
 * and the error type for bad usage (exit 2, one line, no stack trace).
 */

export interface CliIO {
  /** Standard output: results, tables, JSON. */
  out(text: string): void;
  /** Standard error: the one-line errors and progress. */
  err(text: string): void;
  /** True when stderr is a terminal (progress is shown only then). */
  readonly isTTY: boolean;
  /** Working directory for relative paths. */
  readonly cwd: string;
}

/** Exit codes, as documented in the README. */
export const EXIT = {
  /** Every verdict as expected. */
  OK: 0,
  /** A property failed unexpectedly. */
  FAILED: 1,
  /** Bad usage or bad input. */
  USAGE: 2,
} as const;

/** Bad usage or bad input: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A subcommand: parses its own arguments, returns the exit code. */
export type Subcommand = (args: readonly string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return {
    out: (t) => void process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}
