/*
 * A CliIO that captures what a subcommand prints, for in-process tests.
 */

import type { CliIO } from './io.ts';

export interface FakeIO extends CliIO {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything printed to stdout, joined. */
  text(): string;
  /** Everything printed to stderr, joined. */
  errText(): string;
}

export function fakeIO(cwd: string, isTTY = false): FakeIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    isTTY,
    cwd,
    text: () => stdout.join('\n'),
    errText: () => stderr.join('\n'),
  };
}
