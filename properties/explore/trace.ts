/*
 * Fixed traces as commands: explorer traces and token replays run through
 * the runner's own `execute` (fresh harness, the actions, the quiescence
 * teardown), so what they print is what a random run would have printed
 * for the same calls.
 */

import type fc from 'fast-check';
import type { Design, WorldConfig } from '../../src/design.ts';
import type { Action } from '../actions.ts';
import { formatAction, parseAction, runAction } from '../commands/index.ts';
import type { Harness } from '../harness.ts';
import type { PropertyDef } from '../properties.ts';
import { encodeToken } from '../replay-token.ts';
import { execute, type Counterexample } from '../runner.ts';

type Cmd = fc.Command<Harness, Harness>;

/** Commands that run these resolved actions, in order. */
export function actionCommands(actions: readonly Action[]): Cmd[] {
  return actions.map((a) => ({
    check: () => true,
    run: (h: Harness) => void runAction(h, a),
    toString: () => formatAction(a),
  }));
}

/**
 * Commands that parse and run one notation line each (a token's
 * `actions`); a line that does not apply throws ScriptError naming it.
 */
export function lineCommands(lines: readonly string[]): Cmd[] {
  return lines.map((line, i) => ({
    check: () => true,
    run: (h: Harness) => void runAction(h, parseAction(line, i + 1, h)),
    toString: () => line,
  }));
}

/**
 * Run `actions` and the teardown with `prop`'s checks, keeping states, and
 * return the counterexample as the runner reports one (seed 0, no paths,
 * a token that carries the actions). Throws if the trace does not fail.
 */
export function traceCounterexample(design: Design, config: WorldConfig, prop: PropertyDef, actions: readonly Action[], designRef: string): Counterexample {
  const { h, failure } = execute(design, config, prop, actionCommands(actions), true);
  if (!failure) throw new Error(`the ${actions.length}-step trace no longer fails ${prop.name} (non-deterministic design?)`);
  const lines = actions.map(formatAction);
  const replay = encodeToken({ design: designRef, property: prop.name, seed: 0, path: '', replayPath: '', nrCpus: config.nrCpus, maxCommands: lines.length, actions: lines });
  const trace = h?.trace ?? [];
  return {
    trace: trace.map((t) => t.call),
    states: trace.map((t) => t.state),
    failure,
    replay,
    seed: 0,
    path: '',
    replayPath: '',
    length: actions.length,
    shrunkLength: actions.length,
  };
}
