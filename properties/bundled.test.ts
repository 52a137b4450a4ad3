/*
 * Every bundled design against every property, with fixed seeds.
 *
 * Why this test? It is the suite's main claim: each bundled design gets the
 * verdicts it is documented to get (DesignInfo.expected; everything not
 * listed must hold under BUDGET.numRuns sequences of up to
 * BUDGET.maxCommands calls), and every failing cell is a finding whose
 * shrunk trace is pinned in bundled.pins.ts and explained in the README.
 * A new failure, a vanished failure or a changed trace all fail here.
 */

import { describe, expect, it } from 'vitest';
import { bundledDesigns } from '../src/designs/index.ts';
import { PROPERTIES } from './properties.ts';
import { checkProperty } from './runner.ts';
import { PINS } from './bundled.pins.ts';

import { BUDGET } from './budget.ts';

for (const design of bundledDesigns) {
  describe(`${design.info.name} (seed: ${BUDGET.seed}, ${BUDGET.numRuns} runs x ${BUDGET.maxCommands} calls)`, () => {
    for (const prop of PROPERTIES) {
      const reason = prop.notApplicable?.(design.info) ?? null;
      if (reason !== null) {
        it(`${prop.name} is not applicable: ${reason}`, () => {
          expect(design.info.expected?.[prop.name]).toBeUndefined();
          expect(checkProperty(design, prop, BUDGET)).toMatchObject({ verdict: 'n/a', reason, runs: 0 });
        });
        continue;
      }
      const expected = design.info.expected?.[prop.name] ?? 'holds';
      it(`${prop.name} ${expected}`, () => {
        const r = checkProperty(design, prop, BUDGET);
        const key = `${design.info.name}/${prop.name}`;
        const cx = r.counterexample;
        if (expected === 'holds') {
          expect(cx?.trace ?? [], `${key}: ${cx?.failure.message}\n  replay: ${cx?.replay}`).toEqual([]);
          expect(r.runs).toBe(BUDGET.numRuns);
          return;
        }
        expect(r.verdict).toBe('fails');
        const pin = PINS[key];
        const observed = JSON.stringify({ invariant: cx!.failure.invariant, trace: cx!.trace, message: cx!.failure.message }, null, 2);
        expect(pin, `no pinned trace for ${key}; observed:\n${observed}`).toBeDefined();
        expect(cx!.failure.invariant).toBe(pin!.invariant);
        expect(cx!.trace).toEqual(pin!.trace);
        expect(cx!.failure.message).toBe(pin!.message);
      });
    }
  });
}
