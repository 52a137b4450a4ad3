/*
 * Why this test? A property that holds says little if the sequences never
 * reach the code in question. These are the kernel paths the README's
 * coverage table reports; with the fixed budget of bundled.test.ts every
 * bundled design must reach each of them in a good share of runs. A change
 * to the generator that starves one of them fails here.
 */

import { describe, expect, it } from 'vitest';
import { bundledDesigns } from '../src/designs/index.ts';
import { BUDGET } from './budget.ts';
import { pathStats, PATHS, type PathName } from './path-stats.ts';

/** Paths a design cannot take, with why. */
const UNREACHABLE: Record<string, Partial<Record<PathName, string>>> = {
  'roman-v1-2019': { 'objcg-released-leftover': 'v1 keeps leftover bytes in memcg->nr_stocked_bytes, not in the mem_cgroup_ptr' },
};

/**
 * Paths a design takes by design less often than 2% of runs, with why and
 * the share it must still reach (runs per 1000).
 */
const RARE: Record<string, Partial<Record<PathName, { why: string; perMille: number }>>> = {
  'v6.18+objstock5': {
    'objcg-released-leftover': {
      why:
        'five object-stock slots are rarely evicted in worlds of 2-3 cgroups, so leftover nr_charged_bytes come mostly from drains and hotplug ' +
        "(the 92-byte obj_cgroup_release() sequence is pinned in src/designs/v6.18-objstock5's tests)",
      perMille: 10,
    },
  },
};

describe(`kernel paths reached (seed: ${BUDGET.seed}, ${BUDGET.numRuns} runs)`, () => {
  for (const d of bundledDesigns) {
    it(`${d.info.name} reaches every path in at least 2% of runs`, () => {
      const s = pathStats(d, BUDGET);
      expect(s.runs).toBe(BUDGET.numRuns);
      for (const p of Object.keys(PATHS) as PathName[]) {
        const rare = RARE[d.info.name]?.[p];
        if (UNREACHABLE[d.info.name]?.[p]) expect(s.paths[p].runs, p).toBe(0);
        else if (rare) expect(s.paths[p].runs, `${p} (${rare.why})`).toBeGreaterThanOrEqual((BUDGET.numRuns * rare.perMille) / 1000);
        else expect(s.paths[p].runs, p).toBeGreaterThanOrEqual(BUDGET.numRuns / 50);
      }
    });
  }
});
