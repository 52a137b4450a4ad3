/*
 * sketch-2019: the sketch's own arithmetic, step by step, and its
 * documented verdicts on the core properties (DesignInfo.expected).
 */

import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../../properties/properties.ts';
import { checkProperty } from '../../../properties/runner.ts';
import { defaultWorld } from '../../config.ts';
import { sketch2019 } from './index.ts';

describe('sketch-2019 kernel calls', () => {
  it('a small charge takes one page from try_charge: 32 pages and 32 css references (coupled), 31 stocked', () => {
    const d = sketch2019.create(defaultWorld(2));
    expect(d.slabAlloc('t0', ['o1'], 96, [false])).toEqual(['o1']);
    const s = d.snapshot();
    expect(s.memcgs.find((m) => m.name === 'A')).toMatchObject({ usage: 32, refs: 2 + 32 });
    expect(s.cpus[0]).toMatchObject({ pageStock: [{ memcg: 'A', nrPages: 31 }], objStock: { kind: 'objcg', cached: 'A', nrBytes: 4096 - 96 } });
  });

  it('PAGE_SIZE - size wraps for a charge above a page and the drain returns ~2^20 pages', () => {
    const d = sketch2019.create(defaultWorld(2));
    d.slabAlloc('t0', ['o1'], 4097, [false]);
    const s = d.snapshot();
    expect(s.memcgs.find((m) => m.name === 'A')!.usage).toBe(32 - (31 + 1048575));
    expect(s.objcgs.find((o) => o.name === 'A')!.nrChargedBytes).toBe(4095);
    expect(s.warnings[0]!.message).toBe('page_counter underflow: -1048574 nr_pages=1048606 (counter A)');
  });

  it('a byte-stock switch with bytes drains the page stock through refill_stock(old, 0)', () => {
    const d = sketch2019.create(defaultWorld(2));
    d.slabAlloc('t1', ['o1'], 8, [false]); // B on cpu1
    d.slabFree(0, ['o1']); // cpu0 byte stock: B
    d.pagesAlloc('t0', 'p1', 0); // cpu0 page stock: A, 31 pages
    const before = d.snapshot().costs!;
    d.slabAlloc('t0', ['o2'], 8, [false]);
    const s = d.snapshot();
    expect(s.cpus[0]!.pageStock).toEqual([{ memcg: 'B', nrPages: 0 }]);
    expect(s.costs!.pageCounter - before.pageCounter).toBe(2);
  });
});

describe(`sketch-2019 documented verdicts (seed: 42)`, () => {
  for (const p of PROPERTIES)
    it(`${p.name} ${sketch2019.info.expected?.[p.name] ?? 'holds'}`, () => {
      const r = checkProperty(sketch2019, p, { seed: 42, numRuns: 1000, maxCommands: 20, nrCpus: 2 });
      expect(r.verdict).toBe(sketch2019.info.expected?.[p.name] ?? 'holds');
    });
});
