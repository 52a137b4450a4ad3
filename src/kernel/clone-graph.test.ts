import { describe, expect, it } from 'vitest';
import { cloneGraph } from './clone-graph.ts';
import { PageCounter, pageCounterCharge } from './page-counter.ts';
import { percpuRefInit } from './refcount.ts';
import { WarningLog } from './warnings.ts';

describe('cloneGraph', () => {
  it('keeps sharing, cycles and prototypes, and shares nothing mutable with the original', () => {
    const log = new WarningLog();
    const parent = new PageCounter('A', null, log, 'clamp', 'test');
    const child = new PageCounter('A/x', parent, log, 'clamp', 'test');
    const memcg: { name: string; self?: unknown; counters: Map<string, PageCounter>; tags: Set<string>; list: PageCounter[] } = {
      name: 'A',
      counters: new Map([['A', parent], ['A/x', child]]),
      tags: new Set(['online']),
      list: [child],
    };
    memcg.self = memcg;
    const c = cloneGraph({ memcg, log });
    expect(c.memcg).not.toBe(memcg);
    expect(c.memcg.self).toBe(c.memcg);
    expect(c.memcg.list[0]).toBe(c.memcg.counters.get('A/x'));
    expect(c.memcg.counters.get('A/x')!.parent).toBe(c.memcg.counters.get('A'));
    expect(c.memcg.counters.get('A')).toBeInstanceOf(PageCounter);
    pageCounterCharge(c.memcg.counters.get('A/x')!, 3);
    expect([parent.usage, child.usage, c.memcg.counters.get('A')!.usage]).toEqual([0, 0, 3]);
    c.memcg.tags.add('dying');
    expect([...memcg.tags]).toEqual(['online']);
  });

  it('calls a copied ref\'s release on the copy\'s arguments', () => {
    const log = new WarningLog();
    const owner = { freed: false };
    const ref = percpuRefInit('memcg A css', log, 'test', (o: { freed: boolean }) => (o.freed = true), owner);
    const c = cloneGraph({ owner, ref });
    c.ref.kill();
    expect([c.owner.freed, owner.freed, ref.released]).toEqual([true, false, false]);
  });

  it('refuses objects whose state is not in their fields', () => {
    expect(() => cloneGraph({ when: new Date(0) })).toThrow('cloneGraph: cannot copy a Date object');
    expect(() => cloneGraph({ buf: new Uint8Array(2) })).toThrow('cannot copy a Uint8Array object');
    expect(() => cloneGraph({ view: new DataView(new ArrayBuffer(2)) })).toThrow('cannot copy a DataView object');
  });

  it('copies each object by its own keys, whatever others of its prototype have', () => {
    // One class with fields added to some instances, a null-prototype object, and plain objects in
    // more key lists than get generated code: each copy has exactly its original's keys, in order.
    class Node {
      value = 1;
    }
    const plain = new Node();
    const extra = Object.assign(new Node(), { next: plain });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: [1], b: 'x' });
    const dicts = Array.from({ length: 100 }, (_, i) => ({ [`k${i}`]: i, shared: plain }));
    const c = cloneGraph({ extra, plain, bare, dicts, again: new Node() });
    expect(Object.keys(c.extra)).toEqual(['value', 'next']);
    expect(c.extra.next).toBe(c.plain);
    expect(c.plain).not.toBe(plain);
    expect(Object.keys(c.plain)).toEqual(['value']);
    expect(c.again).toBeInstanceOf(Node);
    expect(Object.getPrototypeOf(c.bare)).toBe(null);
    expect(c.bare).toEqual(bare);
    expect(c.bare['a']).not.toBe(bare['a']);
    expect(c.dicts).toEqual(dicts);
    expect(c.dicts.every((d, i) => Object.keys(d).join() === `k${i},shared` && d.shared === c.plain)).toBe(true);
  });
});
