/*
 * memcg-verify bench (npm run bench): the figures of BENCHMARKS.md, printed
 * as Markdown (or --json), optionally written to a file. Benchmarks report;
 * they assert nothing about time.
 */

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PARTS, benchMarkdown, runBench, type BenchPart } from '../../bench/run.ts';
import { EXIT, UsageError, type Subcommand } from './io.ts';
import { bundledDesigns } from './load-design.ts';
import { ProgressLine } from './progress.ts';

const OPTIONS = {
  part: { type: 'string', value: 'LIST', doc: `parts to run, comma-separated: ${BENCH_PARTS.join(', ')}`, dflt: BENCH_PARTS.join(',') },
  seeds: { type: 'string', value: 'N', doc: 'seeds per counterexample target', dflt: '20' },
  runs: { type: 'string', value: 'N', doc: 'sequences for the steps part (fewer are noisy: 300 once gave 1.6x where 2000 gives 1.4x)', dflt: '2000' },
  depth: { type: 'string', value: 'D', doc: 'deepest exploration', dflt: '8' },
  seconds: { type: 'string', value: 'S', doc: 'time limit of each exploration', dflt: '120' },
  'shortest-seconds': { type: 'string', value: 'S', doc: "time limit of each exploration for a counterexample's shortest length", dflt: '120' },
  only: { type: 'string', value: 'TEXT', doc: 'only counterexample targets whose name contains TEXT' },
  out: { type: 'string', value: 'FILE', doc: 'also write the Markdown to FILE' },
  json: { type: 'boolean', value: '', doc: 'print the figures as JSON' },
  help: { type: 'boolean', value: '', doc: 'print this help' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; value: string; doc: string; dflt?: string }>;

function help(): string {
  const rows = Object.entries(OPTIONS).map(([f, o]) => `${`  --${f}${o.value ? ` ${o.value}` : ''}`.padEnd(24)} ${o.doc}${'dflt' in o ? ` (default ${o.dflt})` : ''}`);
  return ['usage: memcg-verify bench [options]', '', 'Benchmarks: steps per second, time to each known counterexample, exploration speed and memory.', '', 'options:', ...rows].join('\n');
}

function count(flag: string, v: string | undefined, dflt: number, lo: number, hi: number): number {
  if (v === undefined) return dflt;
  const x = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(x) || x < lo || x > hi) throw new UsageError(`--${flag} must be an integer in ${lo}..${hi}, found "${v}"`);
  return x;
}

export const run: Subcommand = async (args, io) => {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(OPTIONS).map(([f, o]) => [f, { type: o.type }])) as Record<string, { type: 'string' | 'boolean' }>;
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`bench: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  if (values.help) {
    io.out(help());
    return EXIT.OK;
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const parts = (str('part') ?? BENCH_PARTS.join(',')).split(',').map((p) => p.trim()) as BenchPart[];
  const bad = parts.find((p) => !BENCH_PARTS.includes(p));
  if (bad !== undefined) throw new UsageError(`--part must list parts among ${BENCH_PARTS.join(', ')}, found "${bad}"`);
  const progress = new ProgressLine(io);
  let report;
  try {
    report = runBench({
      parts,
      designs: await bundledDesigns(),
      exampleRef: './examples/simple-design.ts',
      cwd: io.cwd,
      seeds: count('seeds', str('seeds'), 20, 1, 1000),
      stepsRuns: count('runs', str('runs'), 2000, 1, 1_000_000),
      findRuns: 20_000,
      exploreDepth: count('depth', str('depth'), 8, 1, 12),
      exploreSeconds: count('seconds', str('seconds'), 120, 1, 86_400),
      shortestMs: count('shortest-seconds', str('shortest-seconds'), 120, 0, 86_400) * 1000,
      ...(str('only') !== undefined ? { only: str('only')! } : {}),
      onProgress: (t) => progress.update(`bench: ${t}`, true),
    });
  } finally {
    progress.clear();
  }
  const md = benchMarkdown(report);
  const out = str('out');
  if (out !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, out), `${md}\n`);
    } catch (e) {
      throw new UsageError(`cannot write --out ${out}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  io.out(values.json ? JSON.stringify(report, null, 2) : md);
  return EXIT.OK;
};
