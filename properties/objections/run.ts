/*
 * Running the objections: every objection property against every design,
 * with fixed defaults so that a fresh clone reproduces the same shrunk
 * counterexamples, plus the cost table for objection 2.
 */

import type { Design } from '../../src/design.ts';
import { checkProperty, type PropertyResult } from '../runner.ts';
import { costTable, type CostTable } from './cost-table.ts';
import { expectedCell, type ExpectedCell } from './expected.ts';
import { OBJECTIONS, type Objection } from './index.ts';

/** Defaults of `memcg-verify objections`; the tests pin the traces these give. */
export const OBJECTION_DEFAULTS = { seed: 1, runs: 2000, maxCommands: 20, nrCpus: 2 } as const;

export interface ObjectionCell {
  readonly design: Design;
  readonly result: PropertyResult;
  readonly expected: ExpectedCell | undefined;
  /** Cost table (objection 2 only; null when the design counts nothing). */
  readonly cost: CostTable | undefined;
}

export interface ObjectionRun {
  readonly objection: Objection;
  readonly cells: readonly ObjectionCell[];
}

export interface RunOptions {
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands?: number;
  readonly nrCpus?: number;
}

/** Check one objection against one design. */
export function checkObjection(o: Objection, design: Design, opts: RunOptions): ObjectionCell {
  const result = checkProperty(design, o.property, {
    seed: opts.seed,
    numRuns: opts.runs,
    maxCommands: opts.maxCommands ?? OBJECTION_DEFAULTS.maxCommands,
    nrCpus: opts.nrCpus ?? OBJECTION_DEFAULTS.nrCpus,
  });
  return { design, result, expected: expectedCell(o.id, design.info.name), cost: o.id === 2 ? costTable(design) : undefined };
}

export function runObjections(designs: readonly Design[], opts: RunOptions): ObjectionRun[] {
  return OBJECTIONS.map((objection) => ({ objection, cells: designs.map((d) => checkObjection(objection, d, opts)) }));
}

/** Cells whose verdict differs from the manifest (designs it does not list are not judged). */
export function mismatches(runs: readonly ObjectionRun[]): ObjectionCell[] {
  return runs.flatMap((r) => r.cells.filter((c) => c.expected && c.expected.verdict !== c.result.verdict));
}
