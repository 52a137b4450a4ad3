import { describe, expect, it } from 'vitest';
import { defaultWorld, validateWorld } from './config.ts';

describe('the simulated world', () => {
  it('defaults to A and B under root, one task each, on different CPUs', () => {
    expect(defaultWorld(2)).toEqual({
      nrCpus: 2,
      nrNodes: 1,
      cgroups: [
        { name: 'A', parent: 'root' },
        { name: 'B', parent: 'root' },
      ],
      tasks: [
        { name: 't0', cgroup: 'A', cpu: 0 },
        { name: 't1', cgroup: 'B', cpu: 1 },
      ],
    });
    expect(defaultWorld(1).tasks.map((t) => t.cpu)).toEqual([0, 0]);
    expect(() => validateWorld(defaultWorld(8))).not.toThrow();
  });

  it('rejects bad worlds with one line naming what was expected and found', () => {
    const w = defaultWorld(2);
    expect(() => validateWorld({ ...w, nrCpus: 9 })).toThrow('invalid world: nrCpus must be an integer in 1..8, got 9');
    expect(() => validateWorld({ ...w, nrNodes: 0 })).toThrow('invalid world: nrNodes must be a positive integer, got 0');
    expect(() => validateWorld({ ...w, cgroups: [{ name: 'C', parent: 'Z' }] })).toThrow('invalid world: cgroup C: parent Z does not exist before it');
    expect(() => validateWorld({ ...w, cgroups: [...w.cgroups, { name: 'A', parent: 'root' }] })).toThrow('invalid world: cgroup A defined twice');
    expect(() => validateWorld({ ...w, tasks: [{ name: 't9', cgroup: 'Q', cpu: 0 }] })).toThrow('invalid world: task t9: cgroup Q does not exist');
    expect(() => validateWorld({ ...w, tasks: [{ name: 't9', cgroup: 'A', cpu: 2 }] })).toThrow('invalid world: task t9: cpu 2 out of range 0..1');
    expect(() => validateWorld({ ...w, batch: 0 })).toThrow('invalid world: batch must be a positive integer, got 0');
    expect(() => validateWorld({ ...w, stockSlots: 1.5 })).toThrow('invalid world: stockSlots must be a positive integer, got 1.5');
  });
});
