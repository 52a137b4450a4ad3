import { describe, expect, it } from 'vitest';
import { findBundledDesign } from '../designs/index.ts';
import { OBJECTIONS } from '../../properties/objections/index.ts';
import { OBJECTION_DEFAULTS, checkObjection } from '../../properties/objections/run.ts';
import { fakeIO } from './fake-io.ts';
import { run } from './replay.ts';

describe('replay of an objection token', () => {
  // Why this test? Objection counterexamples print tokens too; replay must
  // find objection properties and their documented verdicts, not only the
  // core ones.
  it('re-runs the sketch objection-3 counterexample exactly, documented as failing: exit 0', async () => {
    const o = OBJECTIONS.find((x) => x.id === 3)!;
    const { result } = checkObjection(o, findBundledDesign('sketch-2019')!, { seed: OBJECTION_DEFAULTS.seed, runs: OBJECTION_DEFAULTS.runs });
    const cx = result.counterexample!;
    const io = fakeIO(process.cwd());
    expect(await run([cx.replay], io)).toBe(0);
    const out = io.text();
    expect(out).toContain('property objection-3-large-objects (documented: fails)');
    expect(out).toContain(`  1. ${cx.trace[0]}`);
    expect(out).toContain(`=> ${cx.failure.invariant} violated at step ${cx.failure.step}: ${cx.failure.message}`);
  });
});
