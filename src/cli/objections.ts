/*
 * memcg-verify objections: Roman Gushchin's three objections to the 2019
 * obj_cgroup sketch, each checked against every bundled design, with the
 * verdict, the shrunk counterexample as a kernel-call trace (state after
 * each step) and its replay token, the later kernel change that removed
 * each failure, and for objection 2 the switch-cost table.
 *
 *   --json           one JSON document (schema in the README, Roman's objections)
 *   --markdown FILE  also write a Markdown report (verdict table, traces,
 *                    Mermaid sequence diagrams) for a mailing-list reply
 *   --runs N --seed S  fast-check runs per cell and seed (defaults pinned
 *                    by the tests, so a fresh clone prints the same traces)
 *
 * Exit 0 when every verdict is as expected (properties/objections/expected.ts),
 * 1 otherwise, 2 on bad usage.
 */

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledDesigns } from '../designs/index.ts';
import type { DesignState } from '../design.ts';
import { EXIT, UsageError, type CliIO, type Subcommand } from './io.ts';
import { helpText, parseFlags, positiveInt, seedFlag, type FlagName } from './options.ts';
import { markdownTable, textTable } from './tables.ts';
import { formatTrace, markdownCounterexample } from '../../properties/report.ts';
import type { Counterexample } from '../../properties/runner.ts';
import { COST_FIELDS } from '../../properties/objections/switch-cost.ts';
import type { CostTable } from '../../properties/objections/cost-table.ts';
import { OBJECTION_DEFAULTS, mismatches, runObjections, type ObjectionCell, type ObjectionRun } from '../../properties/objections/run.ts';

const FLAGS: readonly FlagName[] = ['json', 'markdown', 'runs', 'seed', 'help'];

/* ------------------------------------------------------------------ JSON */

interface TraceItem {
  readonly n: number;
  readonly call: string;
  readonly teardown: boolean;
  readonly state: DesignState;
}

function jsonCounterexample(cx: Counterexample) {
  const trace: TraceItem[] = cx.trace.map((call, i) => ({ n: i + 1, call, teardown: i >= cx.length, state: cx.states[i]! }));
  return { trace, replay: cx.replay, length: cx.length, failure: cx.failure, seed: cx.seed, path: cx.path, replayPath: cx.replayPath };
}

function jsonCell(c: ObjectionCell) {
  const cx = c.result.counterexample;
  return {
    design: c.design.info.name,
    verdict: c.result.verdict,
    expected: c.expected?.verdict ?? null,
    runs: c.result.runs,
    steps: c.result.steps,
    counterexample: cx ? jsonCounterexample(cx) : null,
    finding: c.result.verdict === 'fails' ? (c.expected?.finding ?? null) : null,
    fixedBy: c.result.verdict === 'fails' ? (c.expected?.fixedBy ?? null) : null,
    cost: c.cost === undefined ? null : c.cost,
  };
}

export function objectionsJson(runs: readonly ObjectionRun[], seed: number, numRuns: number) {
  return {
    seed,
    runs: numRuns,
    objections: runs.map((r) => ({
      id: r.objection.id,
      title: r.objection.title,
      property: r.objection.property.name,
      quote: r.objection.quote,
      results: r.cells.map(jsonCell),
    })),
  };
}

/* ------------------------------------------------------------------ text */

function verdictRows(r: ObjectionRun): string[][] {
  return r.cells.map((c) => [
    c.design.info.name,
    c.result.verdict,
    c.expected?.verdict ?? '-',
    String(c.result.runs),
    String(c.result.steps),
    c.result.counterexample ? `${c.result.counterexample.length} step(s)` : '-',
  ]);
}

const VERDICT_HEADER = ['design', 'verdict', 'expected', 'runs', 'steps', 'trace'];

function costRows(cost: CostTable): string[][] {
  return (cost ?? []).map((row) => [`${row.size} (${row.bytes} B)`, String(row.k), ...COST_FIELDS.map((f) => String(row.perCharge[f])), String(row.perCharge.total)]);
}

const COST_HEADER = ['object', 'k', ...COST_FIELDS, 'total'];

function textReport(runs: readonly ObjectionRun[], seed: number, numRuns: number): string[] {
  const out = [`Roman Gushchin's objections to the 2019 obj_cgroup sketch (seed ${seed}, ${numRuns} runs per cell)`];
  for (const r of runs) {
    out.push('', `Objection ${r.objection.id}: ${r.objection.title} (${r.objection.property.name})`, `  "${r.objection.quote}"`, `  property: ${r.objection.property.doc}`, '');
    out.push(...textTable(VERDICT_HEADER, verdictRows(r), ['left', 'left', 'left', 'right', 'right', 'right']).map((l) => `  ${l}`));
    for (const c of r.cells) {
      const cx = c.result.counterexample;
      if (cx) {
        out.push('', `  ${c.design.info.name}: fails`);
        if (c.expected?.finding) out.push(`    finding: ${c.expected.finding}`);
        if (c.expected?.fixedBy) out.push(`    removed by: ${c.expected.fixedBy}`);
        out.push(...formatTrace(cx, true).map((l) => `  ${l}`));
      }
      if (c.cost !== undefined) {
        out.push('', `  ${c.design.info.name}: shared operations per charge, k cgroups taking turns on one CPU`);
        if (c.cost === null) out.push('    (the design counts no shared operations)');
        else out.push(...textTable(COST_HEADER, costRows(c.cost), ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right']).map((l) => `    ${l}`));
      }
    }
  }
  return out;
}

/* -------------------------------------------------------------- Markdown */

export function markdownReport(runs: readonly ObjectionRun[], seed: number, numRuns: number): string {
  const designs = runs[0]?.cells.map((c) => c.design.info.name) ?? [];
  const table = markdownTable(
    ['objection', ...designs],
    runs.map((r) => [`${r.objection.id}. ${r.objection.title}`, ...r.cells.map((c) => (c.result.counterexample ? `fails (${c.result.counterexample.length} step${c.result.counterexample.length === 1 ? '' : 's'})` : c.result.verdict))]),
  );
  const out = [`## Roman's objections, checked (memcg-verify objections --seed ${seed} --runs ${numRuns})`, '', ...table, ''];
  for (const r of runs) {
    out.push(`### Objection ${r.objection.id}: ${r.objection.title}`, '', `> ${r.objection.quote}`, '', `Property \`${r.objection.property.name}\`: ${r.objection.property.doc}.`, '');
    for (const c of r.cells) {
      const cx = c.result.counterexample;
      if (cx) {
        if (c.expected?.finding) out.push(`${c.design.info.name}: ${c.expected.finding}.`, '');
        if (c.expected?.fixedBy) out.push(`Removed by: ${c.expected.fixedBy}.`, '');
        out.push(markdownCounterexample(`${c.design.info.name}: objection ${r.objection.id} fails`, cx).replace(/^### /, '#### '));
      }
      if (c.cost) out.push(`#### ${c.design.info.name}: shared operations per charge`, '', ...markdownTable(COST_HEADER, costRows(c.cost)), '');
    }
  }
  return out.join('\n');
}

/* ------------------------------------------------------------------- run */

export const run: Subcommand = async (args: readonly string[], io: CliIO): Promise<number> => {
  const { flags } = parseFlags('objections', args, FLAGS, { min: 0, max: 0, usage: 'no arguments' });
  if (flags.help) {
    io.out(
      helpText('objections', '[--json] [--markdown FILE] [--runs N] [--seed S]', "Check Roman Gushchin's three objections against every bundled design.", FLAGS, {
        runs: String(OBJECTION_DEFAULTS.runs),
        seed: String(OBJECTION_DEFAULTS.seed),
      }),
    );
    return EXIT.OK;
  }
  const numRuns = positiveInt('runs', flags.runs, OBJECTION_DEFAULTS.runs, 1_000_000);
  const seed = seedFlag(flags.seed, OBJECTION_DEFAULTS.seed);
  if (flags.markdown !== undefined && flags.markdown.trim() === '') throw new UsageError('objections: --markdown needs a file name, found ""');
  const runs = runObjections(bundledDesigns, { seed, runs: numRuns });
  if (flags.markdown !== undefined) {
    const file = resolve(io.cwd, flags.markdown);
    try {
      writeFileSync(file, markdownReport(runs, seed, numRuns) + '\n');
    } catch (e) {
      throw new UsageError(`objections: cannot write --markdown ${flags.markdown}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (flags.json) io.out(JSON.stringify(objectionsJson(runs, seed, numRuns), null, 2));
  else io.out(textReport(runs, seed, numRuns).join('\n'));
  const bad = mismatches(runs);
  for (const c of bad) io.err(`memcg-verify: ${c.design.info.name}: expected ${c.expected?.verdict}, found ${c.result.verdict} (${c.result.property})`);
  return bad.length ? EXIT.FAILED : EXIT.OK;
};
