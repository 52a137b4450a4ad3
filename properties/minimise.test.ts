/*
 * Why this test? fast-check's shrinking leaves traces with steps and sizes
 * that play no part in the failure (a 4095-byte object where 1 byte does
 * the same). The final pass must leave traces 1-minimal: no single step
 * dropped and no single argument lowered still fails the same way.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simpleDesign, SIMPLE_BUGS } from '../examples/simple-design.ts';
import { PAGE_SIZE } from '../src/kernel/constants.ts';
import { PLANTED } from '../bench/targets.ts';
import { findBundledDesign } from '../src/designs/index.ts';
import { commandsArbitrary, GENERATED_OPS, OpCommand, OPS } from './commands/index.ts';
import { OBJECTIONS } from './objections/index.ts';
import { allocOp } from './commands/alloc.ts';
import { Harness } from './harness.ts';
import { isOneMinimal, lowerings, lowerRaw, minimiseCommands, retuneRaw, SIZE_LADDER, vocabulary } from './minimise.ts';
import { findProperty } from './properties.ts';
import { teardownAndCheck } from './quiescence.ts';
import { checkProperty, execute, worldFor } from './runner.ts';

type Cmd = fc.Command<Harness, Harness>;
const config = worldFor({ nrCpus: 2 });

/** fast-check's own shrunk counterexample, as checkProperty gets it before its final pass. */
function shrunk(bug: (typeof SIMPLE_BUGS)[number], seed: number): Cmd[] {
  const design = simpleDesign(new Set([bug]));
  const prop = findProperty(PLANTED[bug])!;
  const details = fc.check(
    fc.property(commandsArbitrary({ maxCommands: 60 }), (cmds) => {
      const h = new Harness(design, config, { invariants: new Set(prop.invariants), keepStates: false });
      fc.modelRun(() => ({ model: h, real: h }), cmds);
      teardownAndCheck(h);
    }),
    { seed, numRuns: 300 },
  );
  return [...(details.counterexample![0] as Iterable<Cmd>)];
}

describe('minimise: 1-minimal counterexamples', () => {
  for (const bug of SIMPLE_BUGS) {
    it(`${bug}: no single drop or lowering of the result still fails`, () => {
      const design = simpleDesign(new Set([bug]));
      const prop = findProperty(PLANTED[bug])!;
      const cmds = shrunk(bug, 1);
      const want = execute(design, config, prop, cmds, false).failure!.invariant;
      const min = minimiseCommands(design, config, prop, cmds, want);
      expect(execute(design, config, prop, min, false).failure?.invariant).toBe(want);
      expect(min.length).toBeLessThanOrEqual(cmds.length);
      expect(isOneMinimal(design, config, prop, min, want)).toBe(true);
      // deterministic: the same input gives the same output
      const again = minimiseCommands(design, config, prop, cmds, want);
      expect(again.map((c) => JSON.stringify((c as OpCommand<never>).raw))).toEqual(min.map((c) => JSON.stringify((c as OpCommand<never>).raw)));
    });
  }

  it('checkProperty reports the minimised trace', () => {
    const r = checkProperty(simpleDesign(new Set(['charge-hit-keeps-leftover'])), findProperty('conservation')!, { seed: 1, numRuns: 300, maxCommands: 60, nrCpus: 2 });
    expect(r.counterexample!.trace.slice(0, r.counterexample!.length)).toEqual(['cpu0/t0: kmem_cache_alloc(A, 1) -> o1', 'cpu0/t0: kmem_cache_alloc(A, 1) -> o2']);
  });

  it('takes no lowering whose call does not print back (no bulk allocation of 0 objects)', () => {
    const r = checkProperty(simpleDesign(new Set(['bulk-skips-ref'])), findProperty('objcg-refs')!, { seed: 1, numRuns: 300, maxCommands: 60, nrCpus: 2 });
    expect(r.counterexample!.trace.slice(0, r.counterexample!.length)).toEqual(['cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2) -> o1 o2']);
  });

  it('isOneMinimal sees a step that can go', () => {
    const design = simpleDesign(new Set(['charge-hit-keeps-leftover']));
    const prop = findProperty('conservation')!;
    const alloc = new OpCommand(allocOp, { task: 0, size: { base: 1, percpu: false }, count: 1, fail: 0 });
    const three = [alloc, new OpCommand(allocOp, { task: 0, size: { base: 1, percpu: false }, count: 1, fail: 0 }), alloc];
    expect(isOneMinimal(design, config, prop, three, 'conservation')).toBe(false);
    expect(minimiseCommands(design, config, prop, three, 'conservation')).toHaveLength(2);
  });

  it('drops a step once another one is re-tuned: objection 2 on v5.10, 5 steps of 1-byte objects to 4 with a page', () => {
    // what the final pass made of seed 1's shrunk trace before this move existed: no single drop or lowering helps
    const small = { base: 1, percpu: false };
    const five: Cmd[] = [
      new OpCommand(OPS.alloc, { task: 1, size: small, count: 1, fail: 0 }), // cpu1/t1: kmem_cache_alloc(B, 1)
      new OpCommand(OPS.cpuDown, 0), // cpu_down(cpu0): t0 moves to cpu1
      new OpCommand(OPS.free, { cpu: 0, objs: [0] }), // cpu1: kmem_cache_free(o1)
      new OpCommand(OPS.pagesAlloc, { task: 0, order: 0 }), // cpu1/t0: alloc_pages(A, 0)
      new OpCommand(OPS.alloc, { task: 0, size: small, count: 1, fail: 0 }), // cpu1/t0: kmem_cache_alloc(A, 1)
    ];
    const v510 = findBundledDesign('v5.10')!;
    const prop = OBJECTIONS.find((o) => o.id === 2)!.property;
    expect(isOneMinimal(v510, config, prop, five, 'switch-cost-bound')).toBe(true);
    const min = minimiseCommands(v510, config, prop, five, 'switch-cost-bound');
    expect(execute(v510, config, prop, min, true).h!.trace.map((t) => t.call)).toEqual([
      'cpu1/t1: kmem_cache_alloc(B, 4096) -> o1',
      'cpu0: kmem_cache_free(o1)',
      'cpu0/t0: alloc_pages(A, order=0) -> p1',
      'cpu0/t0: kmem_cache_alloc(A, 1) -> o2',
    ]);
  });

  it('replaces two steps by one call: a kernel user\'s get and charge by a slab allocation (objection 3, sketch-2019)', () => {
    const two: Cmd[] = [
      new OpCommand(OPS.userGet, 0), // cpu0/t0: get_obj_cgroup_from_current(A) -> u1
      new OpCommand(OPS.userCharge, { user: 0, cpu: 0, size: { base: PAGE_SIZE + 1, percpu: false } }), // cpu0: obj_cgroup_charge(u1, 4097)
    ];
    const sketch = findBundledDesign('sketch-2019')!;
    const prop = OBJECTIONS.find((o) => o.id === 3)!.property;
    const want = execute(sketch, config, prop, two, false).failure!.invariant;
    expect(isOneMinimal(sketch, config, prop, two, want)).toBe(true);
    const min = minimiseCommands(sketch, config, prop, two, want);
    expect(execute(sketch, config, prop, min, true).h!.trace.map((t) => t.call)).toEqual(['cpu0/t0: kmem_cache_alloc_bulk(A, 4095, 2) -> o1 o2']);
  });

  it('has a canonical vocabulary of every generated op, the same on every call', () => {
    const ops = new Set(vocabulary().map((c) => (c as OpCommand<never>).def.op));
    expect([...ops].sort()).toEqual([...GENERATED_OPS].sort());
    expect(vocabulary()).toBe(vocabulary());
    const sizes = vocabulary().flatMap((c) => {
      const raw = (c as OpCommand<never>).raw as { size?: { base: number } };
      return raw.size ? [raw.size.base] : [];
    });
    expect(sizes.every((b) => SIZE_LADDER.includes(b))).toBe(true);
  });

  it('re-tunes numbers to the first few choices and sizes to every other rung, both ways', () => {
    expect(retuneRaw(1)).toEqual([0, 2, 3]);
    expect(retuneRaw(true)).toEqual([false]);
    expect(retuneRaw({ base: 1, percpu: false })).toEqual(SIZE_LADDER.filter((b) => b !== 1).map((base) => ({ base, percpu: false })));
    expect(retuneRaw({ task: 0, objs: [1] })).toEqual([{ task: 1, objs: [1] }, { task: 2, objs: [1] }, { task: 3, objs: [1] }, { task: 0, objs: [0] }, { task: 0, objs: [2] }, { task: 0, objs: [3] }]);
  });
});

describe('lowering raw values', () => {
  it('numbers towards 0 and the first choices, never up', () => {
    expect(lowerRaw(0)).toEqual([]);
    expect(lowerRaw(1)).toEqual([0]);
    expect(lowerRaw(9)).toEqual([0, 1, 2, 3, 4, 8]);
    expect(lowerRaw(-2)).toEqual([0, 1, -1]);
    expect(lowerRaw(true)).toEqual([false]);
    expect(lowerRaw(false)).toEqual([]);
  });

  it('sizes down the ladder of canonical sizes, percpu off first', () => {
    expect(lowerRaw({ base: PAGE_SIZE + 1, percpu: true })).toEqual([
      { base: PAGE_SIZE + 1, percpu: false },
      ...SIZE_LADDER.filter((s) => s < PAGE_SIZE + 1).map((base) => ({ base, percpu: true })),
    ]);
    expect(lowerRaw({ base: 1, percpu: false })).toEqual([]);
  });

  it('lists shorter or lowered, records field by field', () => {
    expect(lowerRaw([2, 0])).toEqual([[0], [2], [0, 0], [1, 0]]);
    expect(lowerRaw({ a: 1, b: false, c: 'x' })).toEqual([{ a: 0, b: false, c: 'x' }]);
    expect(lowerRaw('text')).toEqual([]);
  });

  it('only OpCommands (bare or wrapped by fast-check) are lowered', () => {
    const c = new OpCommand(allocOp, { task: 1, size: { base: 8, percpu: false }, count: 1, fail: 0 });
    expect(lowerings(c).map((x) => (x as OpCommand<never>).raw)).toEqual([
      { task: 0, size: { base: 8, percpu: false }, count: 1, fail: 0 },
      { task: 1, size: { base: 1, percpu: false }, count: 1, fail: 0 },
      { task: 1, size: { base: 8, percpu: false }, count: 0, fail: 0 },
    ]);
    expect(lowerings({ cmd: c, check: () => true, run: () => {} } as unknown as Cmd)).toHaveLength(3);
    expect(lowerings({ check: () => true, run: () => {} } as unknown as Cmd)).toEqual([]);
  });
});
