/*
 * roman-v1-2019: v1's subpage arithmetic and references, and its
 * documented verdicts on the core properties (DesignInfo.expected).
 */

import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../../properties/properties.ts';
import { checkProperty } from '../../../properties/runner.ts';
import { defaultWorld } from '../../config.ts';
import { romanV1_2019 } from './index.ts';

describe('roman-v1-2019 kernel calls', () => {
  it('a subpage charge takes no css reference; the byte stock holds one and the batch as bytes', () => {
    const d = romanV1_2019.create(defaultWorld(2));
    d.slabAlloc('t0', ['o1'], 96, [false]);
    const s = d.snapshot();
    expect(s.memcgs.find((m) => m.name === 'A')).toMatchObject({ usage: 32, refs: 2 + 1 });
    expect(s.cpus[0]).toMatchObject({ pageStock: [], objStock: { kind: 'memcg', cached: 'A', nrBytes: 32 * 4096 - 96 } });
    expect(s.objcgs.find((o) => o.name === 'A')).toMatchObject({ memcg: 'A', refs: 2 });
  });

  it('(amount >> PAGE_SHIFT) + 1 pages: an exact 33-page charge asks for 34 with a batch of 32', () => {
    const d = romanV1_2019.create({ ...defaultWorld(2), batch: 32 });
    d.slabAlloc('t0', ['o1'], 33 * 4096, [false]);
    const s = d.snapshot();
    expect(s.memcgs.find((m) => m.name === 'A')!.usage).toBe(34);
    expect(s.cpus[0]!.objStock).toEqual({ kind: 'memcg', cached: 'A', nrBytes: 4096 });
  });

  it('a free after the cgroup was deleted uncharges the parent; under the root nothing is uncharged', () => {
    const d = romanV1_2019.create(defaultWorld(2));
    d.slabAlloc('t0', ['o1'], 96, [false]);
    d.taskMove('t0', 'B');
    d.rmdir(0, 'A');
    const before = d.snapshot();
    d.slabFree(0, ['o1']);
    const s = d.snapshot();
    expect(s.objcgs.find((o) => o.name === 'A')).toMatchObject({ memcg: 'root', released: true });
    expect(s.cpus[0]!.objStock).toBeNull();
    expect(s.memcgs.find((m) => m.name === 'root')!.usage).toBe(before.memcgs.find((m) => m.name === 'root')!.usage);
  });
});

describe(`roman-v1-2019 documented verdicts (seed: 42)`, () => {
  for (const p of PROPERTIES)
    it(`${p.name} ${p.notApplicable?.(romanV1_2019.info) ? 'n/a' : (romanV1_2019.info.expected?.[p.name] ?? 'holds')}`, () => {
      const r = checkProperty(romanV1_2019, p, { seed: 42, numRuns: 1000, maxCommands: 20, nrCpus: 2 });
      expect(r.verdict).toBe(p.notApplicable?.(romanV1_2019.info) ? 'n/a' : (romanV1_2019.info.expected?.[p.name] ?? 'holds'));
    });
});
