/*
 * The suite's results as JSON (`--json` on verify and check). The schema
 * is documented in docs/cli.md ("JSON: verify and check"); field names
 * here are that contract.
 */

import type { CostFigures } from './costs.ts';
import type { DesignReport } from './suite.ts';

export interface CounterexampleJson {
  /** Kernel calls, one per step, in the script notation (paste them into `run`). */
  readonly trace: readonly string[];
  /** Replay token: `memcg-verify replay <token>`. */
  readonly replay: string;
  /** The invariant violated ("design-error" when the design threw), the step and the message. */
  readonly failure: { readonly invariant: string; readonly step: number; readonly message: string };
  /** Generated steps; the rest of `trace` is the quiescence teardown. */
  readonly length: number;
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
}

export interface ResultJson {
  readonly property: string;
  /** "n/a": the property says nothing about this design (see `reason`). */
  readonly verdict: 'holds' | 'fails' | 'n/a';
  /** For "n/a": why. */
  readonly reason?: string;
  /** The documented verdict. */
  readonly expected: 'holds' | 'fails';
  /** verdict === expected ("n/a" matches "holds"), and the design did not throw. */
  readonly asExpected: boolean;
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
  /** The verdict comes from replaying a failure saved in .memcg-verify/failures.json. */
  readonly fromStore: boolean;
  readonly counterexample: CounterexampleJson | null;
}

export interface DesignJson {
  readonly design: string;
  /** Bundled name or module path, as given to --design (normalised). */
  readonly source: string;
  readonly title: string;
  readonly kernel: string;
  readonly budget: { readonly runs: number; readonly steps: number; readonly seed: number; readonly cpus: number };
  readonly results: readonly ResultJson[];
  readonly costs: CostFigures | null;
}

export function designJson(r: DesignReport): DesignJson {
  const info = r.loaded.design.info;
  return {
    design: info.name,
    source: r.loaded.ref,
    title: info.title,
    kernel: info.kernel,
    budget: r.budget,
    results: r.results.map((c) => {
      const cx = c.result.counterexample;
      return {
        property: c.property,
        verdict: c.result.verdict,
        ...(c.result.reason !== undefined ? { reason: c.result.reason } : {}),
        expected: c.expected,
        asExpected: c.asExpected,
        runs: c.result.runs,
        steps: c.result.steps,
        seed: c.result.seed,
        fromStore: c.fromStore,
        counterexample: cx
          ? { trace: cx.trace, replay: cx.replay, failure: cx.failure, length: cx.length, seed: cx.seed, path: cx.path, replayPath: cx.replayPath }
          : null,
      };
    }),
    costs: r.costs,
  };
}
