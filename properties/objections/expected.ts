/*
 * The expected verdict of every objection x bundled design (like a TLA+
 * manifest's expected result), with, for every failing cell, what the
 * failure is and the later kernel change that removed it. Tests pin these
 * verdicts and the shrunk traces; `memcg-verify objections` exits 1 when a
 * verdict differs.
 */

import type { Verdict } from '../../src/design.ts';

export interface ExpectedCell {
  readonly verdict: Verdict;
  /** Generated steps of the shrunk counterexample (failing cells). */
  readonly length?: number;
  /** What fails, in kernel terms. */
  readonly finding?: string;
  /** The later kernel change that removed the failure: commit subject (version), or why none did. */
  readonly fixedBy?: string;
}

const DECOUPLE = "'mm: memcontrol: decouple reference counting from page accounting' (v5.9)";
const OBJCG_API = "'mm: memcg/slab: obj_cgroup API' (v5.9)";
const MULTI_STOCK = "'memcg: multi-memcg percpu charge cache' (v6.16)";
const KEPT =
  `none as of v6.18: Johannes kept the stacked stocks by choice ("Yes, that's a good thing", <20191031144151.GB1168@cmpxchg.org>); ` +
  `${OBJCG_API} flushes only whole pages of the old obj_cgroup to the page layer and ${MULTI_STOCK} keeps up to 7 memcgs' pages per CPU, ` +
  'but a byte-stock switch that flushes a whole page still reaches the page counter';

export const EXPECTED: Readonly<Record<1 | 2 | 3, Readonly<Record<string, ExpectedCell>>>> = {
  1: {
    'sketch-2019': {
      verdict: 'fails',
      length: 1,
      finding:
        "try_charge() takes 32 css references on A (batch); rmdir reparents A's obj_cgroup to root, and the object's page comes back through objcg->memcg: drain_obj_stock() -> refill_stock(root) -> drain_stock() puts root's references, A keeps one for ever",
      fixedBy: DECOUPLE,
    },
    'roman-v1-2019': {
      verdict: 'fails',
      length: 2,
      finding:
        '5.4 split_page() does not copy page->mem_cgroup to the tail page: freeing it puts no css reference, so the coupled reference try_charge() took for it keeps A from being freed (v1 keeps the coupled page layer)',
      fixedBy: `${DECOUPLE}: a page holds one reference for its page->mem_cgroup pointer; the uncharge itself followed in 'mm/memcg: set memcg when splitting page' (v5.12)`,
    },
    'v5.10': { verdict: 'holds' },
    'v6.18': { verdict: 'holds' },
    'v6.18+objstock5': { verdict: 'holds' },
  },
  2: {
    'sketch-2019': {
      verdict: 'fails',
      length: 4,
      finding:
        "the byte-stock switch drains B's bytes through refill_stock(B, 0), which evicts A's pre-charged pages from the page stock (page_counter uncharge) although A's charge was served from them",
      fixedBy: KEPT,
    },
    'roman-v1-2019': {
      verdict: 'fails',
      length: 4,
      finding: "a subpage charge never uses the page stock (try_charge(subpage) skips consume_stock): B's pages stocked on the CPU are ignored and 32 pages are charged to the counter",
      fixedBy: KEPT,
    },
    'v5.10': {
      verdict: 'fails',
      length: 4,
      finding: "drain_obj_stock() of B's whole page goes through __memcg_kmem_uncharge() -> refill_stock(B), which evicts A's pages from the single page-stock slot",
      fixedBy: KEPT,
    },
    'v6.18': {
      verdict: 'fails',
      length: 4,
      finding: "A's pages stay in their own slot, but drain_obj_stock() uncharges B's whole page straight from B's page counter",
      fixedBy: KEPT,
    },
    // The pending NR_OBJ_STOCK series: A takes an empty object-stock slot,
    // B's slot (and its whole page) stays. The generated worlds have too few
    // cgroups to fill five slots; the cost table shows the sixth cgroup.
    'v6.18+objstock5': { verdict: 'holds' },
  },
  3: {
    'sketch-2019': {
      verdict: 'fails',
      length: 1,
      finding:
        'obj_cgroup_charge() charges one page for any size, and refill_obj_stock(objcg, PAGE_SIZE - size) wraps (unsigned int) to almost 2^32 bytes, which the next drain returns as ~2^20 pages: the counters go far below zero',
      fixedBy: `${OBJCG_API}: nr_pages = size >> PAGE_SHIFT, plus one page and PAGE_SIZE - remainder bytes to the stock when there is a remainder`,
    },
    'roman-v1-2019': { verdict: 'holds' },
    'v5.10': { verdict: 'holds' },
    'v6.18': { verdict: 'holds' },
    'v6.18+objstock5': { verdict: 'holds' },
  },
};

/** The expected cell, or undefined for a design the manifest does not list. */
export function expectedCell(id: 1 | 2 | 3, design: string): ExpectedCell | undefined {
  return EXPECTED[id][design];
}
