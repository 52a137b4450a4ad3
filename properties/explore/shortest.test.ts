/*
 * Why this test? Random search finds counterexamples fast but not always
 * the shortest. For every objection counterexample, the runner's reported
 * length (the objections' own defaults) must equal the shortest the
 * explorer proves. Cells of at most 2 steps are explored in the default
 * scope. The 4-step cells (objection 2) are explored in a scope cut to
 * what a switch needs (sizes 1, a page and a page and a byte; 4 objects;
 * no kernel users, no new cgroups, no teardown: the check is per step),
 * which takes seconds instead of a minute; that the default scope has
 * nothing shorter either is the bench's "shortest (explore)" column
 * (BENCHMARKS.md).
 */

import { describe, expect, it } from 'vitest';
import { findBundledDesign } from '../../src/designs/index.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';
import { EXPECTED } from '../objections/expected.ts';
import { OBJECTIONS } from '../objections/index.ts';
import { OBJECTION_DEFAULTS, checkObjection } from '../objections/run.ts';
import { explore } from './bfs.ts';
import { DEFAULT_SCOPE } from './scope.ts';

const failing = OBJECTIONS.flatMap((o) => Object.entries(EXPECTED[o.id]).flatMap(([design, cell]) => (cell.verdict === 'fails' ? [{ o, design, length: cell.length! }] : [])));

describe('objections: random search length equals the shortest by exploration, default scope', () => {
  const cells = failing.filter((c) => c.length <= 2);
  it('has cells to compare', () => expect(cells.length).toBeGreaterThanOrEqual(3));

  for (const { o, design, length } of cells) {
    it(`objection ${o.id} on ${design}: ${length} step(s)`, () => {
      const d = findBundledDesign(design)!;
      const runner = checkObjection(o, d, OBJECTION_DEFAULTS).result.counterexample!;
      const r = explore(d, { depth: length, properties: [o.property], stopWhenAllViolated: true });
      const shortest = Math.min(...r.violations.filter((v) => v.proven).map((v) => v.depth));
      expect([runner.length, shortest]).toEqual([length, length]);
    });
  }
});

describe('objection 2: random search length equals the shortest in a switch-sized scope', () => {
  const scope = { ...DEFAULT_SCOPE, sizes: [1, PAGE_SIZE, PAGE_SIZE + 1], maxObjects: 4, maxUsers: 0, maxCgroups: 2 };
  const cells = failing.filter((c) => c.o.id === 2);
  it('covers every design that fails it', () => expect(cells.map((c) => c.design).sort()).toEqual(['roman-v1-2019', 'sketch-2019', 'v5.10', 'v6.18']));

  for (const { o, design, length } of cells) {
    it(`${design}: ${length} steps`, () => {
      const d = findBundledDesign(design)!;
      const runner = checkObjection(o, d, OBJECTION_DEFAULTS).result.counterexample!;
      const r = explore(d, { depth: length, scope, teardown: false, properties: [o.property], stopWhenAllViolated: true });
      const shortest = Math.min(...r.violations.filter((v) => v.proven).map((v) => v.depth));
      expect([runner.length, shortest, r.depthCompleted]).toEqual([length, length, length - 1]);
    });
  }
});
