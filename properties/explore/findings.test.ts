/*
 * Why this test? The explorer is only worth its proofs if it finds what
 * the random runs find. Every core invariant a bundled design is
 * documented to fail (DesignInfo.expected, the findings the random runs
 * pin in bundled.pins.ts) must be violated in the explorer's search too,
 * with a trace that is shortest by construction. The default scope is
 * explored to depth 2; a finding that needs more calls is looked for in a
 * smaller scope (one size, one live object, no new cgroups) to depth 4,
 * which takes a second where the default scope takes a minute. Lengths are
 * pinned: a change in a design or in the explorer shows up here.
 */

import { describe, expect, it } from 'vitest';
import { bundledDesigns } from '../../src/designs/index.ts';
import { findProperty } from '../properties.ts';
import { explore } from './bfs.ts';
import { DEFAULT_SCOPE } from './scope.ts';

const SMALL = { ...DEFAULT_SCOPE, sizes: [8], maxObjects: 1, maxCgroups: 2 };

/** Shortest length of each finding, and the scope it was proven in. */
const SHORTEST: Record<string, [number, 'default' | 'small']> = {
  'v5.10/conservation': [1, 'default'],
  'v5.10/counters-nonneg': [4, 'small'],
  'v5.10/no-warnings': [1, 'default'],
  'v5.10/quiescence': [4, 'small'],
  'v6.18/no-warnings': [4, 'small'],
  'v6.18/failed-charge': [2, 'default'],
  'v6.18/quiescence': [3, 'small'],
  'sketch-2019/conservation': [1, 'default'],
  'sketch-2019/counters-nonneg': [1, 'default'],
  'sketch-2019/no-warnings': [1, 'default'],
  'sketch-2019/objcg-refs': [1, 'default'],
  'sketch-2019/quiescence': [1, 'default'],
  'roman-v1-2019/conservation': [1, 'default'],
  'roman-v1-2019/quiescence': [2, 'default'],
  'v6.18+objstock5/no-warnings': [4, 'small'],
  'v6.18+objstock5/failed-charge': [2, 'default'],
  'v6.18+objstock5/quiescence': [3, 'small'],
};

const cells = bundledDesigns.flatMap((d) =>
  Object.entries(d.info.expected ?? {}).flatMap(([p, v]) => (v === 'fails' && p !== 'refinement' ? [{ d, p }] : [])),
);

describe('the explorer finds every documented finding of the bundled designs', () => {
  it('has a pinned length for every documented failing invariant', () => {
    expect(cells.map(({ d, p }) => `${d.info.name}/${p}`).sort()).toEqual(Object.keys(SHORTEST).sort());
  });

  for (const { d, p } of cells) {
    const key = `${d.info.name}/${p}`;
    it(`${key}: ${SHORTEST[key]?.[0]} step(s), ${SHORTEST[key]?.[1]} scope`, () => {
      const property = [findProperty(p)!];
      const found = (r: ReturnType<typeof explore>) => r.violations.find((v) => v.check === p && v.proven);
      let v = found(explore(d, { depth: 2, properties: property, stopWhenAllViolated: true }));
      let where: 'default' | 'small' = 'default';
      if (!v) {
        v = found(explore(d, { depth: 4, scope: SMALL, properties: property, stopWhenAllViolated: true }));
        where = 'small';
      }
      expect([v?.depth, where]).toEqual(SHORTEST[key]);
    });
  }
});
