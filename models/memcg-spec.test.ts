import { describe, expect, it } from 'vitest';
import * as spec from './memcg-spec.ts';
import { defaultWorld } from '../src/config.ts';

describe('MemcgSpec', () => {
  const s0 = spec.init(defaultWorld(2));

  it('Init satisfies TypeOK: root, A and B alive, t0 in A, t1 in B', () => {
    expect(spec.typeOk(s0)).toBeNull();
    expect(spec.liveCgroups(s0)).toEqual(['root', 'A', 'B']);
    expect([...s0.tasks]).toEqual([
      ['t0', 'A'],
      ['t1', 'B'],
    ]);
  });

  it('an object is owned by its origin while alive, then by the nearest live ancestor', () => {
    let s = spec.mkdir(s0, 'C', 'A');
    s = spec.mkdir(s, 'D', 'C');
    s = spec.charge(s, 'o1', 'D', 100);
    expect(spec.owner(s, 'o1')).toBe('D');
    s = spec.rmdir(s, 'D');
    expect(spec.owner(s, 'o1')).toBe('C');
    s = spec.rmdir(s, 'C');
    expect(spec.owner(s, 'o1')).toBe('A');
    expect(spec.subtreeBytes(s, 'A')).toBe(100);
    expect(spec.subtreeBytes(s, 'B')).toBe(0);
    expect(spec.subtreeBytes(s, 'root')).toBe(100);
    expect(spec.typeOk(s)).toBeNull();
  });

  it('rmdir guards: not root, not with live children, not with tasks', () => {
    const s = spec.mkdir(s0, 'C', 'B');
    expect(spec.canRmdir(s, 'root')).toBe(false);
    expect(spec.canRmdir(s, 'B')).toBe(false); // child C and task t1
    expect(spec.canRmdir(s, 'C')).toBe(true);
    expect(spec.canRmdir(spec.taskMove(s, 't1', 'A'), 'B')).toBe(false); // still has C
    expect(() => spec.rmdir(s, 'A')).toThrow(/guard fails/);
  });

  it('split keeps the origin and the total; uncharge removes the bytes', () => {
    let s = spec.charge(s0, 'p1', 'B', 16384);
    s = spec.split(s, 'p1', [
      { name: 'p1', bytes: 8192 },
      { name: 'p2', bytes: 8192 },
    ]);
    expect(spec.subtreeBytes(s, 'B')).toBe(16384);
    expect(spec.owner(s, 'p2')).toBe('B');
    expect(() => spec.split(s, 'p2', [{ name: 'p3', bytes: 1 }])).toThrow(/guard fails/);
    s = spec.uncharge(s, 'p1');
    expect(spec.subtreeBytes(s, 'B')).toBe(8192);
  });

  it('TypeOK names what is wrong', () => {
    const bad: spec.SpecState = { ...s0, objects: new Map([['o1', { origin: 'Z', bytes: 5 }]]) };
    expect(spec.typeOk(bad)).toBe('object o1 from unknown cgroup Z');
    const zero: spec.SpecState = { ...s0, objects: new Map([['o1', { origin: 'A', bytes: 0 }]]) };
    expect(spec.typeOk(zero)).toBe('object o1 has 0 bytes');
    const orphan: spec.SpecState = { ...s0, tasks: new Map([['t9', 'Q']]) };
    expect(spec.typeOk(orphan)).toBe('task t9 in dead cgroup Q');
  });

  it('setMax and taskMove only on live cgroups; taskExit removes the task', () => {
    expect(spec.setMax(s0, 'A', 7).cgroups.get('A')!.maxPages).toBe(7);
    expect(() => spec.setMax(s0, 'root', 7)).toThrow();
    expect(() => spec.taskMove(s0, 't0', 'nope')).toThrow();
    expect(spec.taskExit(s0, 't0').tasks.has('t0')).toBe(false);
    expect(() => spec.taskExit(s0, 't9')).toThrow();
    expect(spec.isDescendant(s0, 'A', 'root')).toBe(true);
    expect(spec.isDescendant(s0, 'A', 'B')).toBe(false);
  });
});
