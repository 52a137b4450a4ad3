/*
 * cloneGraph - an independent copy of a simulated kernel: every object,
 * array, Map and Set reachable from the root, copied once, with sharing
 * and cycles kept (an obj_cgroup and the memcg list point at the same
 * memcg in the copy as in the original) and prototypes kept (a copied
 * PageCounter is a PageCounter). Primitives and functions are taken as
 * they are.
 *
 * That makes a copy independent only if the kernel keeps no state in
 * closures: a function stored in the graph is shared, and whatever it
 * captured with it. Designs therefore store release callbacks as a plain
 * function plus its arguments (Ref in refcount.ts), never as a closure;
 * designs.clone.test.ts checks every bundled design by running a copy and
 * the original side by side.
 *
 * Why not lodash's cloneDeep, which does the same: measured on the five
 * bundled designs after six steps it took 29-38 us a copy against 9-11 us
 * here, slower than re-executing a short path from a fresh instance, and
 * the explorer copies at every transition (scratch benchmark, recorded in
 * BENCHMARKS.md).
 */

/** A deep copy of `root` sharing nothing mutable with it; see the file comment. */
export function cloneGraph<T>(root: T): T {
  const copies = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    if (Array.isArray(v)) {
      const a: unknown[] = [];
      copies.set(v, a);
      for (const x of v) a.push(copy(x));
      return a;
    }
    if (v instanceof Map) {
      const m = new Map<unknown, unknown>();
      copies.set(v, m);
      for (const [k, x] of v) m.set(copy(k), copy(x));
      return m;
    }
    if (v instanceof Set) {
      const s = new Set<unknown>();
      copies.set(v, s);
      for (const x of v) s.add(copy(x));
      return s;
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== Object.prototype && proto !== null && !isPlainClass(proto)) throw new Error(`cloneGraph: cannot copy a ${proto.constructor?.name ?? 'foreign'} object`);
    const o = Object.create(proto) as Record<string, unknown>;
    copies.set(v, o);
    for (const k of Object.keys(v)) o[k] = copy((v as Record<string, unknown>)[k]);
    return o;
  };
  return copy(root) as T;
}

/** Built-ins whose state is not in own enumerable properties (Date, typed arrays, ...) cannot be copied field by field. */
const OPAQUE: readonly object[] = [Date.prototype, RegExp.prototype, ArrayBuffer.prototype, Promise.prototype, WeakMap.prototype, WeakSet.prototype, Object.getPrototypeOf(Uint8Array.prototype) as object];

function isPlainClass(proto: object): boolean {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) if (OPAQUE.includes(p)) return false;
  return true;
}
