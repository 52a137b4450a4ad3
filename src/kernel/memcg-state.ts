/*
 * A memcg as every design's snapshot shows it: its page counter and css
 * reference count in the common MemcgState shape (src/design.ts).
 */

import type { MemcgState } from '../design.ts';
import type { PageCounter } from './page-counter.ts';
import type { Ref } from './refcount.ts';

export interface MemcgLike {
  readonly name: string;
  readonly parent: { readonly name: string } | null;
  readonly online: boolean;
  readonly freed: boolean;
}

/** The snapshot of a memcg: `counter` is its memory page_counter, `css` its css reference count. */
export function memcgState(m: MemcgLike, counter: PageCounter, css: Ref): MemcgState {
  return {
    name: m.name,
    parent: m.parent ? m.parent.name : null,
    online: m.online,
    freed: m.freed,
    usage: counter.usage,
    max: counter.max,
    failcnt: counter.failcnt,
    refs: css.count,
  };
}
