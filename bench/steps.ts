/*
 * Simulated steps per second: a plain loop over recorded action sequences
 * (new harness, runAction per action, the teardown) against the property
 * runner (fast-check generation, fc.modelRun, command objects, the same
 * harness and teardown). Both check the same invariants; the ratio is the
 * runner's overhead.
 */

import fc from 'fast-check';
import type { Design } from '../src/design.ts';
import type { Action } from '../properties/actions.ts';
import { commandsArbitrary, OpCommand, runAction } from '../properties/commands/index.ts';
import { Harness } from '../properties/harness.ts';
import type { PropertyDef } from '../properties/properties.ts';
import { teardownAndCheck } from '../properties/quiescence.ts';
import { checkProperty, worldFor } from '../properties/runner.ts';

export interface StepsFigure {
  readonly design: string;
  readonly property: string;
  readonly runs: number;
  readonly rawSteps: number;
  readonly rawMs: number;
  readonly runnerSteps: number;
  readonly runnerMs: number;
  readonly rawStepsPerSecond: number;
  readonly runnerStepsPerSecond: number;
  /** Runner time per step over raw time per step. */
  readonly overhead: number;
}

export interface StepsOptions {
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands: number;
  readonly nrCpus: number;
}

function harness(design: Design, prop: PropertyDef, nrCpus: number): Harness {
  return new Harness(design, worldFor({ nrCpus }), { invariants: new Set(prop.invariants), checks: prop.checks ?? [], keepStates: false });
}

/**
 * The action sequences `checkProperty` runs for this seed: the same
 * property shape under fc.check with the same seed generates the same
 * command sequences; the actions each really ran are recorded.
 */
export function recordSequences(design: Design, prop: PropertyDef, o: StepsOptions): Action[][] {
  const out: Action[][] = [];
  const property = fc.property(commandsArbitrary({ maxCommands: o.maxCommands }), (cmds) => {
    const h = harness(design, prop, o.nrCpus);
    const list = [...cmds];
    fc.modelRun(() => ({ model: h, real: h }), list);
    out.push(
      list.flatMap((c) => {
        const op = (c as { cmd?: unknown }).cmd ?? c;
        const ran = (c as { hasRan?: boolean }).hasRan !== false;
        const a = op instanceof OpCommand ? (op.action as Action | null) : null;
        return a && ran ? [a] : [];
      }),
    );
  });
  fc.check(property, { seed: o.seed, numRuns: o.runs });
  return out;
}

/** Replay recorded sequences in a plain loop; returns steps and milliseconds. */
export function rawReplay(design: Design, prop: PropertyDef, nrCpus: number, seqs: readonly (readonly Action[])[]): { steps: number; ms: number } {
  const t0 = performance.now();
  let steps = 0;
  for (const seq of seqs) {
    const h = harness(design, prop, nrCpus);
    for (const a of seq) runAction(h, a);
    teardownAndCheck(h);
    steps += h.steps;
  }
  return { steps, ms: performance.now() - t0 };
}

/**
 * Raw and runner steps per second for one design and a property it holds.
 * Both are run three times, alternating, and the fastest of each counts,
 * so that JIT warm-up and GC pauses fall on neither side.
 */
export function stepsBench(design: Design, prop: PropertyDef, o: StepsOptions): StepsFigure {
  const seqs = recordSequences(design, prop, o);
  let raw = { steps: 0, ms: Infinity };
  let runner = { steps: 0, ms: Infinity };
  for (let round = 0; round < 3; round++) {
    const r1 = rawReplay(design, prop, o.nrCpus, seqs);
    if (r1.ms < raw.ms) raw = r1;
    const t0 = performance.now();
    const r = checkProperty(design, prop, { seed: o.seed, numRuns: o.runs, maxCommands: o.maxCommands, nrCpus: o.nrCpus });
    const ms = performance.now() - t0;
    if (r.verdict !== 'holds') throw new Error(`steps bench: ${design.info.name} fails ${prop.name}; pick a property it holds`);
    if (ms < runner.ms) runner = { steps: r.steps, ms };
  }
  const rawRate = (raw.steps * 1000) / raw.ms;
  const runnerRate = (runner.steps * 1000) / runner.ms;
  return {
    design: design.info.name,
    property: prop.name,
    runs: o.runs,
    rawSteps: raw.steps,
    rawMs: raw.ms,
    runnerSteps: runner.steps,
    runnerMs: runner.ms,
    rawStepsPerSecond: Math.round(rawRate),
    runnerStepsPerSecond: Math.round(runnerRate),
    overhead: rawRate / runnerRate,
  };
}
