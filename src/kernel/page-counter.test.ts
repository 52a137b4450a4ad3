import { describe, expect, it } from 'vitest';
import { PageCounter, pageCounterCharge, pageCounterSetMax, pageCounterTryCharge, pageCounterUncharge } from './page-counter.ts';
import { WarningLog } from './warnings.ts';

function tree(policy: 'keep-negative' | 'clamp') {
  const log = new WarningLog();
  const root = new PageCounter('root', null, log, policy, 'test');
  const a = new PageCounter('A', root, log, policy, 'test');
  const c = new PageCounter('C', a, log, policy, 'test');
  return { log, root, a, c };
}

describe('page_counter', () => {
  it('charges every level and uncharges every level', () => {
    const { root, a, c } = tree('clamp');
    pageCounterCharge(c, 3);
    expect([c.usage, a.usage, root.usage]).toEqual([3, 3, 3]);
    pageCounterUncharge(c, 2);
    expect([c.usage, a.usage, root.usage]).toEqual([1, 1, 1]);
  });

  it('try_charge fails at the level over its max, bumps its failcnt and rolls back the levels below', () => {
    const { root, a, c, log } = tree('clamp');
    pageCounterSetMax(a, 4);
    pageCounterCharge(c, 3);
    const r = pageCounterTryCharge(c, 2);
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.fail.name).toBe('A');
    expect([c.usage, a.usage, root.usage]).toEqual([3, 3, 3]);
    expect([c.failcnt, a.failcnt, root.failcnt]).toEqual([0, 1, 0]);
    expect(pageCounterTryCharge(c, 1)).toEqual({ ok: true });
    expect([c.usage, a.usage, root.usage]).toEqual([4, 4, 4]);
    expect(log.all).toEqual([]);
  });

  it('underflow WARNs; v5.10 keeps the negative value, newer kernels clamp to 0', () => {
    const keep = tree('keep-negative');
    pageCounterUncharge(keep.c, 1);
    expect(keep.c.usage).toBe(-1);
    expect(keep.log.all).toHaveLength(3);
    expect(keep.log.all[0]!.message).toBe('page_counter underflow: -1 nr_pages=1 (counter C)');
    const clamp = tree('clamp');
    pageCounterUncharge(clamp.c, 1);
    expect([clamp.c.usage, clamp.a.usage, clamp.root.usage]).toEqual([0, 0, 0]);
    expect(clamp.log.all).toHaveLength(3);
  });
});
