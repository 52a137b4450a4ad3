import { describe, expect, it } from 'vitest';
import { argText, newWatchBuffer, readCall, watchDesign } from './step-watch.ts';
import { design as example } from '../../examples/page-per-object.ts';
import { defaultWorld } from '../config.ts';
import { findBundledDesign } from '../designs/index.ts';

describe('step watch', () => {
  it('records the step and the call in progress; snapshot() ends a step', () => {
    const buf = newWatchBuffer();
    let seen: ReturnType<typeof readCall> | null = null;
    const spy = { ...example, create: (c: Parameters<typeof example.create>[0]) => {
      const d = example.create(c);
      return { ...d, slabAlloc: (...a: Parameters<typeof d.slabAlloc>) => ((seen = readCall(buf)), d.slabAlloc(...a)) };
    } };
    const d = watchDesign(spy, buf).create(defaultWorld(2));
    expect(readCall(buf)).toEqual({ seq: 1, inCall: false, step: 0, call: 'create()' });
    d.snapshot(); // the initial snapshot: step 0
    d.slabAlloc('t0', ['o1', 'o2'], 96, [false, true]);
    expect(seen).toEqual({ seq: 3, inCall: true, step: 1, call: 'slabAlloc(t0, [o1, o2], 96, [false, true])' });
    d.snapshot();
    d.taskRunOn('t0', 1);
    expect(readCall(buf)).toEqual({ seq: 5, inCall: false, step: 2, call: 'taskRunOn(t0, 1)' });
  });

  it('watches a clone() too, from the step it was taken at (the explorer branches by clone)', () => {
    const buf = newWatchBuffer();
    const v510 = findBundledDesign('v5.10')!;
    const d = watchDesign(v510, buf).create(defaultWorld(2));
    d.snapshot();
    const c = d.clone!();
    expect(readCall(buf)).toMatchObject({ inCall: false, step: 1, call: 'clone()' });
    c.taskRunOn('t1', 0);
    expect(readCall(buf)).toMatchObject({ inCall: false, step: 1, call: 'taskRunOn(t1, 0)' });
    c.snapshot();
    c.drainAllStock(0, 'root');
    expect(readCall(buf)).toMatchObject({ step: 2, call: 'drainAllStock(0, root)' });
  });

  it('argument text: names bare, lists in brackets, other values as JSON', () => {
    expect(argText(['a', 1, [true]])).toBe('[a, 1, [true]]');
    expect(argText({ nrCpus: 2 })).toBe('{"nrCpus":2}');
    expect(argText(undefined)).toBe('undefined');
  });
});
