import { describe, expect, it } from 'vitest';
import { measureCosts } from './costs.ts';
import { design as example } from '../../examples/page-per-object.ts';
import type { Design } from '../design.ts';

describe('cost figures (seed: 3)', () => {
  const o = { seed: 3, runs: 20, maxCommands: 15, nrCpus: 2 };

  it('a design that counts nothing gets no per-charge figures; pre-charge per CPU is 0 without stocks', () => {
    const c = measureCosts(example, o);
    expect(c.sequences).toBe(20);
    expect(c.charges).toBeGreaterThan(0);
    expect(c.perCharge).toBeNull();
    expect(c.worstCpuPrechargeBytes).toBe(0);
    expect(c.boundCpuBytes).toBe(0);
  });

  it('counts only what changed during charge steps, divided by the charges', () => {
    // Every charge step costs one page_counter update and one refill; nothing else is counted.
    let n = 0;
    const counting: Design = {
      info: { ...example.info, prechargeBound: () => ({ perCpuBytes: 4096, perHolderBytes: 4095, why: 'test' }) },
      create(c) {
        const d = example.create(c);
        const charged = <A extends unknown[], R>(f: (...a: A) => R) => (...a: A): R => ((n += 1), f(...a));
        return {
          ...d,
          slabAlloc: charged(d.slabAlloc),
          userCharge: charged(d.userCharge),
          pagesAlloc: charged(d.pagesAlloc),
          snapshot: () => ({
            ...d.snapshot(),
            precharged: [{ memcg: 'A', bytes: 100, cpu: 1, where: 'cpu1 test' }, { memcg: 'B', bytes: 50, cpu: 1, where: 'cpu1 test' }],
            costs: { pageCounter: n, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: n },
          }),
        };
      },
    };
    const c = measureCosts(counting, o);
    expect(c.perCharge).toEqual({ pageCounter: 1, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 1, total: 2 });
    expect(c.worstCpuPrechargeBytes).toBe(150);
    expect(c.boundCpuBytes).toBe(4096);
  });
});
