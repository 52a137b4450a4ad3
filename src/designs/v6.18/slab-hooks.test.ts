import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 slab hooks', () => {
  it('(i) an allocator failure in a bulk allocation charges nothing and runs no hook', () => {
    const d = bootAB();
    expect(d.slabAlloc('t0', ['o1', 'o2', 'o3'], 100, [false, true, false])).toEqual([]);
    const s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(0);
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBeNull(); // current_obj_cgroup() never ran
    expect(objcg(s, 'A').refs).toBe(2);
    expect(d.k.slabObjects.size).toBe(0);
  });

  it('(i) a failed single allocation still runs the hook (current->objcg refreshed) but charges nothing', () => {
    const d = bootAB();
    expect(d.slabAlloc('t0', ['o1'], 100, [true])).toEqual([]);
    const s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(0);
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('A');
    expect(objcg(s, 'A').refs).toBe(3);
  });

  it('(i) a bulk allocation charges object by object from the byte stock', () => {
    const d = bootAB();
    expect(d.slabAlloc('t0', ['o1', 'o2', 'o3'], 100, [false, false, false])).toEqual(['o1', 'o2', 'o3']);
    let s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(64);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(PAGE_SIZE - 300);
    expect(objcg(s, 'A').refs).toBe(7); // initial, orig, t0, stock, 3 objects
    d.slabFree(1, ['o2', 'o1', 'o3']);
    s = d.snapshot();
    expect(cpu(s, 1).objStock?.nrBytes).toBe(300);
    expect(objcg(s, 'A').refs).toBe(5); // cpu1's stock took one
  });

  it('(i) a charge failure midway undoes the bulk allocation through the free hook: the charged page stays pre-charged', () => {
    const d = bootAB();
    d.setMax(0, 'A', 1);
    expect(d.slabAlloc('t0', ['o1', 'o2', 'o3'], 3000, [false, false, false])).toBeNull();
    const s = d.snapshot();
    // o1 charged one page (the batch failed, then exactly 1 page); o2's charge failed after
    // drain_all_stock(A) flushed o1's 1096 spare bytes to nr_charged_bytes; kmem_cache_free_bulk()
    // then gave o1's 3000 bytes back to cpu0's byte stock, which took nr_charged_bytes: 4096, kept.
    expect(memcg(s, 'A').usage).toBe(1);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: PAGE_SIZE });
    expect(objcg(s, 'A')).toMatchObject({ nrChargedBytes: 0, refs: 4 }); // initial, orig, t0, stock
    expect(d.k.slabObjects.size).toBe(0);
  });

  it('a single-object charge failure frees the object without touching memcg', () => {
    const d = bootAB();
    d.setMax(0, 'A', 0);
    expect(d.slabAlloc('t0', ['o1'], 100, [false])).toBeNull();
    const s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(0);
    expect(objcg(s, 'A').refs).toBe(3);
    expect(d.k.slabObjects.size).toBe(0);
    expect(d.slabAlloc('t0', [], 100, [])).toEqual([]);
  });
});
