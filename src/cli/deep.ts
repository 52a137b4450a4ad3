/*
 * memcg-verify deep (npm run deep): long random exploration. Rounds of
 * every (design, property) pair, each round with a fresh seed, printed, so
 * any failure can be found again; longer sequences and more of them than
 * the main job. It stops by itself: after --minutes (default 5) or once
 * every pair has had --runs sequences, whichever comes first.
 *
 * A pair that fails leaves the rounds (its counterexample is printed and
 * saved in the failure store, so the next `check` replays it first).
 * Exit codes as check: 0 when every pair ended as documented, 1 when not,
 * 2 when a design threw.
 */

import { randomInt } from 'node:crypto';
import { PROPERTIES, type PropertyDef } from '../../properties/properties.ts';
import type { PropertyResult } from '../../properties/runner.ts';
import { EXIT, type CliIO, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import { bundledDesigns, expectedVerdict, loadDesign, type LoadedDesign } from './load-design.ts';
import { FailureStore } from './failure-store.ts';
import { budgetFlags, helpText, parseFlags, positiveNumber, runnerFlags, SEED_MAX, type FlagName } from './options.ts';
import { ProgressLine } from './progress.ts';
import { exitCode, matchesDocumented, reportDesignErrors, runSuite, type CheckedProperty, type DesignReport } from './suite.ts';
import { comparisonTable, counterexampleText, summaryLine } from './suite-text.ts';

const FLAGS: readonly FlagName[] = ['design', 'minutes', 'runs', 'steps', 'seed', 'cpus', 'no-store', 'step-timeout', 'no-worker', 'help'];

export const DEEP_MINUTES = 5;
/** Sequences per pair per round. */
export const DEEP_CHUNK = 500;
export const DEEP_STEPS = 150;

interface Pair {
  readonly loaded: LoadedDesign;
  readonly prop: PropertyDef;
  runs: number;
  steps: number;
  /** The failure found, or the "n/a" verdict: either ends the pair's rounds. */
  failure: PropertyResult | null;
}

export const run: Subcommand = async (args, io) => {
  const { flags } = parseFlags('deep', args, FLAGS, { min: 0, max: 0, usage: 'no positional arguments' });
  if (flags.help) {
    const what = `Long random exploration with fresh seeds; stops after --minutes (default ${DEEP_MINUTES}) or --runs sequences per property.`;
    io.out(helpText('deep', '[options]', what, FLAGS, { steps: String(DEEP_STEPS), 'step-timeout': String(DEFAULT_STEP_TIMEOUT_MS) }));
    return EXIT.OK;
  }
  const firstSeed = flags.seed === undefined ? randomInt(SEED_MAX) : undefined;
  const budget = budgetFlags(flags, DEEP_CHUNK, DEEP_STEPS, firstSeed);
  const runsLimit = flags.runs === undefined ? null : budget.runs;
  const minutes = positiveNumber('minutes', flags.minutes) ?? (runsLimit === null ? DEEP_MINUTES : null);
  const deadline = minutes === null ? Infinity : Date.now() + minutes * 60_000;
  const store = flags['no-store'] ? null : new FailureStore(io.cwd);
  const runner = new JobRunner(runnerFlags(flags, DEFAULT_STEP_TIMEOUT_MS));
  const progress = new ProgressLine(io);

  const designs = flags.design !== undefined ? [await loadDesign(flags.design, io.cwd)] : await Promise.all((await bundledDesigns()).map((d) => loadDesign(d.info.name, io.cwd)));
  const pairs: Pair[] = designs.flatMap((loaded) => PROPERTIES.map((prop) => ({ loaded, prop, runs: 0, steps: 0, failure: null })));
  const limits = [minutes !== null ? `${minutes} minutes` : null, runsLimit !== null ? `${runsLimit} sequences per property` : null].filter(Boolean).join(' or ');
  io.out(`deep: ${designs.map((d) => d.design.info.name).join(', ')} x ${PROPERTIES.length} properties, sequences of up to ${budget.steps} steps, ${budget.cpus} CPUs; stops after ${limits}`);
  try {
    for (let round = 1; ; round++) {
      const active = pairs.filter((p) => !p.failure && (runsLimit === null || p.runs < runsLimit));
      if (active.length === 0 || (round > 1 && Date.now() >= deadline)) break; // at least one round
      const seed = (budget.seed + (round - 1) * 7919) | 0;
      const chunk = runsLimit === null ? DEEP_CHUNK : Math.min(DEEP_CHUNK, runsLimit - Math.min(...active.map((p) => p.runs)));
      const reports = await Promise.all(
        designs.map((loaded) => {
          const props = active.filter((p) => p.loaded === loaded).map((p) => p.prop);
          return props.length ? runSuite([loaded], { ...budget, runs: chunk, seed, cwd: io.cwd, store: null, costs: false, properties: props }, runner, progress) : [];
        }),
      );
      progress.clear();
      if (roundDone(round, seed, reports.flat(), pairs, store, io, progress) === 0) break; // nothing left that runs
    }
  } finally {
    progress.clear();
    await runner.close();
  }
  const final = finalReports(designs, pairs);
  io.out(['', ...comparisonTable(final), '', summaryLine(final)].join('\n'));
  reportDesignErrors(final, io);
  return exitCode(final);
};

/** Record a round's results; returns the sequences it ran. */
function roundDone(round: number, seed: number, reports: readonly DesignReport[], pairs: Pair[], store: FailureStore | null, io: CliIO, progress: ProgressLine): number {
  let runs = 0;
  let steps = 0;
  const found: string[] = [];
  for (const r of reports)
    for (const c of r.results) {
      const pair = pairs.find((p) => p.loaded === r.loaded && p.prop.name === c.property)!;
      pair.runs += c.result.runs;
      pair.steps += c.result.steps;
      runs += c.result.runs;
      steps += c.result.steps;
      if (c.result.verdict === 'n/a') pair.failure = c.result;
      if (!c.result.counterexample) continue;
      pair.failure = c.result;
      store?.save(r.loaded.ref, c.property, c.result.counterexample.replay);
      found.push(`${r.loaded.design.info.name}/${c.property}${c.asExpected ? ' (documented)' : ''}`);
      if (!c.asExpected) io.out(['', ...counterexampleText(r.loaded.design.info.name, c)].join('\n'));
    }
  io.out(`round ${round}, seed ${seed}: ${runs} sequences, ${steps} steps, ${progress.elapsed()} so far; ${found.length ? `failed: ${found.join(', ')}` : 'no new failure'}`);
  return runs;
}

/** Each pair's verdict over all rounds, as suite reports for the tables. */
function finalReports(designs: readonly LoadedDesign[], pairs: readonly Pair[]): DesignReport[] {
  return designs.map((loaded) => {
    const mine = pairs.filter((p) => p.loaded === loaded);
    const results: CheckedProperty[] = mine.map((p) => {
      const expected = expectedVerdict(loaded, p.prop.name);
      const result: PropertyResult = p.failure ?? {
        design: loaded.design.info.name,
        property: p.prop.name,
        verdict: 'holds',
        runs: p.runs,
        steps: p.steps,
        seed: 0,
        counterexample: null,
      };
      return { property: p.prop.name, result, expected, asExpected: matchesDocumented(result, expected), fromStore: false };
    });
    return { loaded, budget: { runs: 0, steps: 0, seed: 0, cpus: 0 }, results, costs: null };
  });
}
