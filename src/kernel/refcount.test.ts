import { describe, expect, it } from 'vitest';
import { percpuRefInit, Ref } from './refcount.ts';
import { WarningLog } from './warnings.ts';

describe('percpu_ref', () => {
  function ref() {
    const log = new WarningLog();
    let released = 0;
    const r = percpuRefInit('objcg A', log, 'test', () => released++);
    return { r, log, released: () => released };
  }

  it('releases only after kill, when the count reaches zero', () => {
    const { r, released, log } = ref();
    r.get(2);
    r.put(2); // back to the initial reference: nothing happens while live
    expect([r.count, released()]).toEqual([1, 0]);
    r.get();
    r.kill();
    expect([r.count, r.killed, released()]).toEqual([1, true, 0]);
    r.put();
    expect([r.count, r.released, released()]).toEqual([0, true, 1]);
    expect(log.all).toEqual([]);
  });

  it('tryget fails once released; tryget_live fails once killed', () => {
    const { r } = ref();
    expect(r.trygetLive()).toBe(true);
    r.kill();
    expect(r.trygetLive()).toBe(false);
    expect(r.tryget()).toBe(true);
    r.put(2);
    expect(r.released).toBe(true);
    expect(r.tryget()).toBe(false);
  });

  it('a put on a released ref is a use after free; a count <= 0 at kill WARNs', () => {
    const { r, log } = ref();
    r.put(); // percpu mode: silently 0
    r.kill();
    expect(log.all.map((w) => w.message)).toEqual([
      'percpu ref (objcg A) <= 0 (-1) after switching to atomic',
      'objcg A: reference count underflow (-1)',
    ]);
    const b = ref();
    b.r.kill();
    b.r.put();
    b.r.get();
    b.r.kill();
    expect(b.log.all.map((w) => w.message)).toEqual([
      'objcg A: put of 1 on a released reference (use after free)',
      'objcg A: get of 1 on a released reference (use after free)',
      'objcg A: percpu_ref_kill() called more than once',
    ]);
  });

  it('still takes the old four arguments (a design written before percpuRefInit)', () => {
    const log = new WarningLog();
    let released = 0;
    const r = new Ref('objcg A', log, 'test', () => released++);
    r.kill();
    expect([r.released, released, log.all]).toEqual([true, 1, []]);
  });
});
