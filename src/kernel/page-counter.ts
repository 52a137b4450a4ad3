/*
 * Lockless hierarchical page accounting & limiting (mm/page_counter.c).
 *
 * A page_counter charges every level from itself to the root. Usage is in
 * pages. The simulation is single-threaded, so the atomics of the kernel
 * become plain arithmetic; the order of operations within a call is kept,
 * which is what makes try_charge's rollback observable.
 *
 * What differs between versions is how an underflow is handled:
 * v5.10 page_counter_cancel() WARNs and leaves the negative value, newer
 * kernels WARN and clamp to 0. The caller picks the behaviour.
 */

import { PAGE_COUNTER_MAX } from './constants.ts';
import type { WarningLog } from './warnings.ts';

export type UnderflowPolicy = 'keep-negative' | 'clamp';

export class PageCounter {
  usage = 0;
  max = PAGE_COUNTER_MAX;
  failcnt = 0;
  /** Usage can only be forced above max by page_counter_charge(). */
  constructor(
    readonly name: string,
    readonly parent: PageCounter | null,
    private readonly log: WarningLog,
    private readonly underflow: UnderflowPolicy,
    private readonly version: string,
  ) {}

  /** Every level from this counter to the root, this one first. */
  *levels(): Generator<PageCounter> {
    for (let c: PageCounter | null = this; c; c = c.parent) yield c;
  }

  /* page_counter_cancel (v5.10, v6.18): one level, with the underflow check */
  cancel(nrPages: number): void {
    const next = this.usage - nrPages;
    if (next < 0) {
      this.log.warn(
        `page_counter_cancel (${this.version})`,
        `page_counter underflow: ${next} nr_pages=${nrPages} (counter ${this.name})`,
      );
      this.usage = this.underflow === 'clamp' ? 0 : next;
      return;
    }
    this.usage = next;
  }
}

/* page_counter_charge (v5.10, v6.18): charge every level, ignoring limits */
export function pageCounterCharge(counter: PageCounter, nrPages: number): void {
  for (const c of counter.levels()) c.usage += nrPages;
}

export type TryChargeResult = { ok: true } | { ok: false; fail: PageCounter };

/* page_counter_try_charge (v5.10, v6.18): all levels or none */
export function pageCounterTryCharge(counter: PageCounter, nrPages: number): TryChargeResult {
  for (const c of counter.levels()) {
    const next = c.usage + nrPages;
    if (next > c.max) {
      c.failcnt++;
      // Roll back the levels below the one that hit its limit.
      for (const d of counter.levels()) {
        if (d === c) break;
        d.cancel(nrPages);
      }
      return { ok: false, fail: c };
    }
    c.usage = next;
  }
  return { ok: true };
}

/* page_counter_uncharge (v5.10, v6.18): cancel at every level */
export function pageCounterUncharge(counter: PageCounter, nrPages: number): void {
  for (const c of counter.levels()) c.cancel(nrPages);
}

/* memory_max_write (v5.10, v6.18) sets the limit with xchg(), never -EBUSY */
export function pageCounterSetMax(counter: PageCounter, nrPages: number): void {
  counter.max = nrPages;
}
