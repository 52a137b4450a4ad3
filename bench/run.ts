/*
 * The benchmarks behind BENCHMARKS.md (`npm run bench`). They report; they
 * assert nothing about time. Four parts:
 *   steps    simulated steps per second, raw replay against the runner;
 *   first    runs and milliseconds to each known counterexample over
 *            seeds 1..N, shrink time, final length against the shortest;
 *   explore  exploration states per second and memory at each depth;
 *   branch   microseconds per clone() against re-executing a path.
 */

import { simpleDesign } from '../examples/simple-design.ts';
import type { Design } from '../src/design.ts';
import { INVARIANTS } from '../properties/invariants.ts';
import { findProperty, type PropertyDef } from '../properties/properties.ts';
import { branchBench, type BranchFigure } from './branch.ts';
import { exploreBench, type ExploreFigure } from './explore.ts';
import { firstFailureBench, type FirstFailureFigure } from './first-failure.ts';
import { stepsBench, type StepsFigure } from './steps.ts';
import { bundledTargets, objectionTargets, plantedTargets, type Target } from './targets.ts';

export type BenchPart = 'steps' | 'first' | 'explore' | 'branch';
export const BENCH_PARTS: readonly BenchPart[] = ['steps', 'first', 'explore', 'branch'];

export interface BenchOptions {
  readonly parts: readonly BenchPart[];
  /** Bundled designs (and the example design, always). */
  readonly designs: readonly Design[];
  /** How the explore part names the example design (a path the CLI can load). */
  readonly exampleRef: string;
  readonly cwd: string;
  readonly seeds: number;
  readonly stepsRuns: number;
  readonly findRuns: number;
  readonly exploreDepth: number;
  readonly exploreSeconds: number;
  /** Explorer budget for each target's shortest length (first part), ms. */
  readonly shortestMs: number;
  /** Only targets whose name contains this. */
  readonly only?: string;
  readonly onProgress?: (text: string) => void;
}

export interface BenchReport {
  readonly node: string;
  readonly platform: string;
  readonly steps: readonly (StepsFigure | { design: string; error: string })[];
  readonly first: readonly FirstFailureFigure[];
  readonly explore: readonly ExploreFigure[];
  readonly branch: readonly BranchFigure[];
}

/** The invariants a design is documented to hold, as one property (the steps bench needs a run that never fails). */
export function holdingProperty(d: Design): PropertyDef {
  const fails = new Set(Object.entries(d.info.expected ?? {}).filter(([, v]) => v === 'fails').map(([p]) => p));
  if (!fails.has('refinement')) return findProperty('refinement')!;
  return { name: 'holding-invariants', doc: 'every invariant the design is documented to hold', invariants: INVARIANTS.filter((i) => !fails.has(i)) };
}

export function runBench(o: BenchOptions): BenchReport {
  const say = o.onProgress ?? (() => {});
  const example = simpleDesign();
  const steps: BenchReport['steps'][number][] = [];
  if (o.parts.includes('steps'))
    for (const d of [example, ...o.designs]) {
      say(`steps: ${d.info.name}`);
      try {
        steps.push(stepsBench(d, holdingProperty(d), { seed: 1, runs: o.stepsRuns, maxCommands: 60, nrCpus: 2 }));
      } catch (e) {
        steps.push({ design: d.info.name, error: e instanceof Error ? e.message : String(e) });
      }
    }
  const first: FirstFailureFigure[] = [];
  if (o.parts.includes('first')) {
    const targets: Target[] = [...plantedTargets(), ...bundledTargets(o.designs), ...objectionTargets(o.designs)].filter((t) => !o.only || t.name.includes(o.only));
    for (const t of targets) {
      say(`first counterexample: ${t.name}`);
      first.push(firstFailureBench(t, { seeds: o.seeds, numRuns: o.findRuns, nrCpus: 2, exploreMs: o.shortestMs, exploreDepth: 8 }));
    }
  }
  const explore: ExploreFigure[] = [];
  if (o.parts.includes('explore'))
    for (const ref of [o.exampleRef, ...o.designs.map((d) => d.info.name)]) {
      say(`explore: ${ref}`);
      explore.push(exploreBench(ref, o.exploreDepth, o.exploreSeconds, o.cwd));
    }
  const branch: BranchFigure[] = [];
  if (o.parts.includes('branch'))
    for (const d of [example, ...o.designs]) {
      say(`branch: ${d.info.name}`);
      branch.push(branchBench(d, { steps: 6, n: 5000, rounds: 3 }));
    }
  return { node: process.version, platform: `${process.platform} ${process.arch}`, steps, first, explore, branch };
}

/* --------------------------------------------------------------- Markdown */

/** A figure: "-" when missing, integers as they are, else `digits` decimals (a median of two runs may end in .5). */
function n(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined) return '-';
  return Number.isInteger(x) ? String(x) : x.toFixed(Math.max(digits, 1));
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The figures as Markdown tables (BENCHMARKS.md's "Figures" section). */
export function benchMarkdown(r: BenchReport): string {
  const out: string[] = [`Measured with Node ${r.node} on ${r.platform}, one process, one core.`, ''];
  if (r.steps.length) {
    out.push('### Simulated steps per second', '');
    out.push(row(['design', 'property', 'runs', 'raw steps/s', 'runner steps/s', 'runner / raw time']), row(['---', '---', '---:', '---:', '---:', '---:']));
    for (const s of r.steps)
      out.push('error' in s ? row([s.design, '-', '-', '-', '-', s.error]) : row([s.design, s.property, s.runs, s.rawStepsPerSecond, s.runnerStepsPerSecond, `${s.overhead.toFixed(2)}x`]));
    out.push('');
  }
  if (r.first.length) {
    const seeds = r.first[0]!.seeds.length;
    out.push(`### Time to the first counterexample (seeds 1..${seeds})`, '');
    out.push(
      row(['target', 'found', 'runs median / max', 'ms median / max', 'shrink ms median', 'length median / max', 'shortest (explore)', 'pinned']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const f of r.first) {
      const shortest = f.shortest !== null ? String(f.shortest) : f.exploredDepth >= 0 ? `> ${f.exploredDepth}` : '-';
      out.push(
        row([
          f.target,
          `${f.found}/${f.seeds.length}`,
          `${n(f.runsMedian)} / ${n(f.runsMax)}`,
          `${n(f.findMsMedian, 1)} / ${n(f.findMsMax, 1)}`,
          n(f.shrinkMsMedian, 1),
          `${n(f.lengthMedian)} / ${n(f.lengthMax)}`,
          shortest,
          n(f.pinnedLength),
        ]),
      );
    }
    out.push('');
  }
  if (r.explore.length) {
    out.push('### Exploration of the default scope', '');
    out.push(row(['design', 'branching', 'depth', 'states', 'transitions', 'elapsed s', 'states/s', 'peak RSS MiB']), row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const e of r.explore)
      for (const d of e.depths.filter((x) => x.depth >= 4))
        out.push(row([e.design, e.branching, d.depth, d.states, d.transitions, (d.elapsedMs / 1000).toFixed(2), d.statesPerSecond, (d.peakRssBytes / 2 ** 20).toFixed(0)]));
    out.push('');
    out.push('Depth completed (and why it stopped):', '');
    for (const e of r.explore) out.push(`- ${e.design}: depth ${e.depthCompleted}${e.stopped ? ` (stopped by ${e.stopped === 'time' ? 'the time limit' : 'the state limit'})` : ''}; \`${e.command}\``);
    out.push('', '### Worst pre-charge per CPU in scope', '');
    out.push(row(['design', 'reached (bytes)', 'declared bound', 'selftest MAX_VMSTAT_ERROR per CPU']), row(['---', '---:', '---:', '---:']));
    for (const e of r.explore) out.push(row([e.design, e.precharge.perCpuBytes, e.precharge.declared, e.precharge.selftestPerCpu]));
    out.push('');
  }
  if (r.branch.length) {
    out.push('### Branching: clone() against re-executing the path', '');
    out.push(row(['design', 'path (calls)', 'clone() us', 're-execution us', 're-execution / clone()']), row(['---', '---:', '---:', '---:', '---:']));
    for (const b of r.branch) out.push(row([b.design, b.steps, n(b.cloneUs, 1), n(b.replayUs, 1), Number.isNaN(b.cloneUs) ? '-' : `${(b.replayUs / b.cloneUs).toFixed(1)}x`]));
    out.push('');
  }
  return out.join('\n');
}
