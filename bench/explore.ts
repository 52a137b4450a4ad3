/*
 * Exploration speed and memory at each depth: one `memcg-verify explore
 * --json` child process per design (so its peak RSS is the explorer's
 * own), to the deepest depth asked or until its time limit; the figures
 * at depth d are cumulative when level d completed.
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ExploreDepthFigure {
  readonly depth: number;
  /** Distinct states up to this depth. */
  readonly states: number;
  readonly transitions: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  readonly peakRssBytes: number;
}

export interface ExploreFigure {
  readonly design: string;
  readonly command: string;
  readonly depthCompleted: number;
  readonly stopped: string | null;
  readonly branching: string;
  readonly depths: readonly ExploreDepthFigure[];
  /** Worst per-CPU pre-charge reached, with the design's bound and the selftest's. */
  readonly precharge: { readonly perCpuBytes: number; readonly declared: number; readonly selftestPerCpu: number };
  readonly violations: readonly { readonly check: string; readonly length: number }[];
}

const BIN = fileURLToPath(new URL('../bin/memcg-verify.mjs', import.meta.url));

interface ExploreJson {
  design: string;
  depthCompleted: number;
  stopped: string | null;
  branching: string;
  levels: { depth: number; states: number; transitions: number }[];
  precharge: { perCpuBytes: number; declared: { perCpuBytes: number }; selftest: { perCpuBytes: number } };
  violations: { check: string; length: number }[];
  perf: { levelsElapsedMs: number[]; levelsPeakRssBytes: number[] };
}

/** The command line the figure comes from (relative to the repository). */
export function exploreCommand(design: string, depth: number, seconds: number): string[] {
  // --no-worker: the explorer itself, without the per-call watch that guards against hung designs
  return ['explore', '--design', design, '--depth', String(depth), '--seconds', String(seconds), '--no-worker', '--json'];
}

/** Run the explorer on `design` in a child process and read its figures. */
export function exploreBench(design: string, depth: number, seconds: number, cwd: string): ExploreFigure {
  const args = exploreCommand(design, depth, seconds);
  let text: string;
  try {
    text = execFileSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // exit 1 (violations) still prints the document
    const out = (e as { stdout?: string }).stdout;
    if (!out) throw e;
    text = out;
  }
  const j = JSON.parse(text) as ExploreJson;
  let states = 0;
  let transitions = 0;
  const depths = j.levels.map((l, i) => {
    states += l.states;
    transitions += l.transitions;
    const ms = j.perf.levelsElapsedMs[i] ?? 0;
    return { depth: l.depth, states, transitions, elapsedMs: ms, statesPerSecond: ms > 0 ? Math.round((states * 1000) / ms) : 0, peakRssBytes: j.perf.levelsPeakRssBytes[i] ?? 0 };
  });
  return {
    design: j.design,
    command: `memcg-verify ${args.join(' ')}`,
    depthCompleted: j.depthCompleted,
    stopped: j.stopped,
    branching: j.branching,
    depths,
    precharge: { perCpuBytes: j.precharge.perCpuBytes, declared: j.precharge.declared.perCpuBytes, selftestPerCpu: j.precharge.selftest.perCpuBytes },
    violations: j.violations.map((v) => ({ check: v.check, length: v.length })),
  };
}
