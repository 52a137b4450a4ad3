/*
 * The property runner: fast-check model-based runs of one design against
 * one property, with a printed seed and path, a replay token for every
 * failure, and a final 1-minimising pass over fast-check's shrunk trace.
 *
 * A run is `fc.check` over command sequences; each sequence drives a fresh
 * Harness through fc.modelRun and then the quiescence teardown. On failure
 * the shrunk command list is minimised further (properties/minimise.ts:
 * drop single steps and lower single arguments while the same invariant
 * still fails, until neither helps) and re-executed with states kept,
 * which gives the trace that reports print.
 */

import fc from 'fast-check';
import type { Design, DesignState, WorldConfig } from '../src/design.ts';
import { defaultWorld } from '../src/config.ts';
import { DesignError, Harness, InvariantViolation, type TraceStep } from './harness.ts';
import { commandsArbitrary } from './commands/index.ts';
import type { PropertyDef } from './properties.ts';
import { teardownAndCheck } from './quiescence.ts';
import { encodeToken } from './replay-token.ts';
import { minimiseCommands } from './minimise.ts';

export interface CheckOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly maxCommands: number;
  readonly nrCpus: number;
  /** Replay: fast-check path and commands replayPath of a counterexample. */
  readonly path?: string;
  readonly replayPath?: string;
  /** How the token names the design (bundled name or module path). */
  readonly designRef?: string;
  /** Called after every run with runs and steps so far. */
  readonly onProgress?: (runs: number, steps: number) => void;
}

export interface Failure {
  /** The invariant violated, or "design-error" when the design threw. */
  readonly invariant: string;
  readonly step: number;
  readonly message: string;
}

export interface Counterexample {
  /** The kernel calls, one per step, with results. */
  readonly trace: readonly string[];
  /** State after each step (same length as trace). */
  readonly states: readonly DesignState[];
  readonly failure: Failure;
  readonly replay: string;
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
  /** Generated steps in the trace; the rest is the quiescence teardown. */
  readonly length: number;
  /** Generated steps before the final minimisation pass (fast-check's shrunk length). */
  readonly shrunkLength: number;
}

export interface PropertyResult {
  readonly design: string;
  readonly property: string;
  /** "n/a": the property says nothing about this design (see `reason`). */
  readonly verdict: 'holds' | 'fails' | 'n/a';
  /** For "n/a": why. */
  readonly reason?: string;
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
  readonly counterexample: Counterexample | null;
}

type Cmd = fc.Command<Harness, Harness>;

export function worldFor(o: { nrCpus: number }): WorldConfig {
  return defaultWorld(o.nrCpus);
}

/** Run `cmds` on a fresh harness (as fc.modelRun does) and the teardown. */
export function execute(
  design: Design,
  config: WorldConfig,
  prop: PropertyDef,
  cmds: readonly Cmd[],
  keepStates: boolean,
): { h: Harness | null; failure: Failure | null } {
  let h: Harness | null = null;
  try {
    h = new Harness(design, config, { invariants: new Set(prop.invariants), checks: prop.checks ?? [], keepStates });
    for (const c of cmds) if (c.check(h)) c.run(h, h);
    teardownAndCheck(h);
    return { h, failure: null };
  } catch (e) {
    return { h, failure: toFailure(e) };
  }
}

export function toFailure(e: unknown): Failure {
  if (e instanceof InvariantViolation) return { invariant: e.invariant, step: e.step, message: e.detail };
  if (e instanceof DesignError) return { invariant: 'design-error', step: e.step, message: e.message };
  throw e; // a bug in the harness itself: let it surface
}

/** Drop single commands and lower single arguments while the same invariant keeps failing (1-minimal). */
export function minimise(design: Design, config: WorldConfig, prop: PropertyDef, cmds: readonly Cmd[], want: string): Cmd[] {
  return minimiseCommands(design, config, prop, cmds, want);
}

export function checkProperty(design: Design, prop: PropertyDef, o: CheckOptions): PropertyResult {
  const reason = prop.notApplicable?.(design.info) ?? null;
  if (reason !== null) return { design: design.info.name, property: prop.name, verdict: 'n/a', reason, runs: 0, steps: 0, seed: o.seed, counterexample: null };
  const config = worldFor(o);
  let runs = 0;
  let steps = 0;
  const property = fc.property(commandsArbitrary({ maxCommands: o.maxCommands, replayPath: o.replayPath }), (cmds) => {
    const h = new Harness(design, config, { invariants: new Set(prop.invariants), checks: prop.checks ?? [], keepStates: false });
    try {
      fc.modelRun(() => ({ model: h, real: h }), cmds);
      teardownAndCheck(h);
    } finally {
      runs++;
      steps += h.steps;
      o.onProgress?.(runs, steps);
    }
  });
  const details = fc.check(property, {
    seed: o.seed,
    numRuns: o.numRuns,
    ...(o.path !== undefined ? { path: o.path, endOnFailure: true } : {}),
  });
  const base = { design: design.info.name, property: prop.name, runs, steps, seed: o.seed };
  if (!details.failed) return { ...base, verdict: 'holds', counterexample: null };
  if (!details.counterexample) throw details.errorInstance ?? new Error(`property ${prop.name} failed without a counterexample`);

  const shrunk = [...(details.counterexample[0] as Iterable<Cmd>)];
  const replayPath = /replayPath="([^"]*)"/.exec(String(details.counterexample[0]))?.[1] ?? '';
  const path = details.counterexamplePath ?? '';
  const again = execute(design, config, prop, shrunk, false);
  const first = again.failure;
  if (!first) throw new Error(`property ${prop.name}: the shrunk counterexample did not fail again (non-deterministic design?)`);
  const minimal = minimise(design, config, prop, shrunk, first.invariant);
  const { h, failure } = execute(design, config, prop, minimal, true);
  const token = encodeToken({
    design: o.designRef ?? design.info.name,
    property: prop.name,
    seed: o.seed,
    path,
    replayPath,
    nrCpus: o.nrCpus,
    maxCommands: o.maxCommands,
  });
  const trace: TraceStep[] = h?.trace ?? [];
  return {
    ...base,
    verdict: 'fails',
    counterexample: {
      trace: trace.map((t) => t.call),
      states: trace.map((t) => t.state),
      failure: failure ?? first,
      replay: token,
      seed: o.seed,
      path,
      replayPath,
      length: h ? generatedSteps(h) : 0,
      shrunkLength: again.h ? generatedSteps(again.h) : shrunk.length,
    },
  };
}

/** Steps that came from the command sequence, not the teardown. */
function generatedSteps(h: Harness): number {
  return h.teardownFrom ?? h.steps;
}
