/*
 * The refinement mapping: one function from a design's state onto the
 * spec's bytes (as TwoPhase.tla maps onto TCommit).
 *
 * A design's page counters over-count what its live objects use by exactly
 * what it keeps pre-charged. Subtracting that, per live cgroup subtree,
 * gives the bytes the design believes are in use there; `conservation`
 * requires them to equal the spec's. Subtrees include dead (offline) memcgs
 * that are not freed yet: their counters still propagate to their parents.
 */

import type { CgroupName, DesignState } from '../src/design.ts';
import { PAGE_SIZE, ROOT } from '../src/kernel/constants.ts';
import * as spec from '../models/memcg-spec.ts';

export interface AbstractCgroup {
  /** Bytes in use according to the design: usage * PAGE_SIZE - pre-charged. */
  readonly bytes: number;
  readonly usagePages: number;
  readonly prechargedBytes: number;
  /** The pre-charge holders counted, for messages. */
  readonly parts: readonly string[];
}

/** For each live non-root cgroup: the design's bytes in use in its subtree. */
export function abstractBytes(s: spec.SpecState, state: DesignState): Map<CgroupName, AbstractCgroup> {
  const out = new Map<CgroupName, AbstractCgroup>();
  for (const cg of spec.liveCgroups(s)) {
    if (cg === ROOT) continue;
    const m = state.memcgs.find((x) => x.name === cg);
    if (!m) continue;
    let pre = 0;
    const parts: string[] = [];
    for (const p of state.precharged) {
      if (p.bytes === 0 || !s.cgroups.has(p.memcg) || !spec.isDescendant(s, p.memcg, cg)) continue;
      pre += p.bytes;
      parts.push(`${p.where} ${p.bytes}`);
    }
    out.set(cg, { bytes: m.usage * PAGE_SIZE - pre, usagePages: m.usage, prechargedBytes: pre, parts });
  }
  return out;
}
