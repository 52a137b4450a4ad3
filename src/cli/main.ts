/*
 * memcg-verify: the command-line entry. Dispatches to one module per
 * subcommand (src/cli/<name>.ts exporting `run: Subcommand`), loaded on
 * demand so that `list` does not pay for the explorer.
 *
 * Every error reaches the user as one line on stderr: UsageError exits 2,
 * anything else is an internal error (exit 70) with the message.
 */

import { EXIT, UsageError, processIO, type CliIO, type Subcommand } from './io.ts';

export const SUBCOMMANDS: Record<string, { module: string; doc: string }> = {
  verify: { module: 'verify', doc: 'verify every bundled design against every property (the default)' },
  check: { module: 'check', doc: 'check one design (bundled name or ./file.ts) against every property' },
  replay: { module: 'replay', doc: 'replay a failure from its token, printing the state after each step' },
  run: { module: 'run-script', doc: 'run a script of kernel calls (one per line; - for stdin) on a design' },
  list: { module: 'list', doc: 'list bundled designs and properties' },
  objections: { module: 'objections', doc: "check Roman's three objections against every bundled design" },
  explore: { module: 'explore', doc: 'breadth-first exploration of every sequence up to a depth (small scope)' },
  deep: { module: 'deep', doc: 'long random exploration with fresh seeds' },
  bench: { module: 'bench', doc: 'benchmarks (BENCHMARKS.md figures)' },
};

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(usage());
    return EXIT.OK;
  }
  const name = first === undefined || first.startsWith('-') ? 'verify' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const sub = SUBCOMMANDS[name];
  try {
    if (!sub) throw new UsageError(`unknown subcommand "${name}"; expected one of: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    const mod = (await import(/* @vite-ignore */ `./${sub.module}.ts`)) as { run: Subcommand };
    return await mod.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`memcg-verify: ${e.message}`);
      return EXIT.USAGE;
    }
    io.err(`memcg-verify: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 70;
  }
}

export function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([n, s]) => `  ${n.padEnd(11)} ${s.doc}`);
  return ['usage: memcg-verify [subcommand] [options]', '', 'subcommands:', ...lines, '', 'Run "memcg-verify <subcommand> --help" for its options.'].join('\n');
}
