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
 * src/designs/clone.test.ts checks every bundled design by running a copy and
 * the original side by side.
 *
 * Why not lodash's cloneDeep, which does the same: measured on the five
 * bundled designs after six steps it took 29-38 us a copy against 9-11 us
 * for a plain recursive copy, slower than re-executing a short path from a
 * fresh instance, and the explorer copies at every transition (scratch
 * benchmark, recorded in BENCHMARKS.md).
 *
 * Why generated code: a kernel is some fifty objects of a dozen shapes (a
 * PageCounter always has the same fields), copied hundreds of thousands
 * of times. A generic loop `to[k] = copy(from[k])` reads and writes by a
 * computed key, which V8 serves by a generic lookup at every field. So for
 * every prototype and list of own keys met, cloneGraph compiles once a
 * copier with the keys spelt out (`to["usage"] = copy(from["usage"])`),
 * whose loads and stores V8 caches like hand-written ones: that cuts the
 * copy time by some 40% (scratch benchmark). The keys of every object
 * are still read and matched against the copier's, so an object that
 * gained or lost a field gets a copier of its own: the copy is the one the
 * generic loop makes. Most of the time left is the Map of copies made,
 * which sharing and cycles need.
 */

/** A deep copy of `root` sharing nothing mutable with it; see the file comment. */
export function cloneGraph<T>(root: T): T {
  const outer = copies;
  copies = new Map();
  try {
    return copy(root) as T;
  } finally {
    copies = outer;
  }
}

/**
 * Original -> copy for the copy under way: what keeps sharing and cycles.
 * Module state rather than a closure per call, so the copiers compiled
 * once can call the one `copy`.
 */
let copies = new Map<object, unknown>();

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const seen = copies.get(v);
  if (seen !== undefined) return seen;
  if (Array.isArray(v)) return copyArray(v);
  if (v instanceof Map) return copyMap(v);
  if (v instanceof Set) return copySet(v);
  return copyObject(v);
}

function copyArray(v: readonly unknown[]): unknown[] {
  const a: unknown[] = [];
  copies.set(v, a);
  for (let i = 0; i < v.length; i++) a.push(copy(v[i]));
  return a;
}

function copyMap(v: ReadonlyMap<unknown, unknown>): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  copies.set(v, m);
  for (const [k, x] of v) m.set(copy(k), copy(x));
  return m;
}

function copySet(v: ReadonlySet<unknown>): Set<unknown> {
  const s = new Set<unknown>();
  copies.set(v, s);
  for (const x of v) s.add(copy(x));
  return s;
}

type Fields = Record<string, unknown>;

function copyObject(v: object): Fields {
  const proto = Object.getPrototypeOf(v) as object | null;
  const known = shapesOf(proto);
  const o = Object.create(proto) as Fields;
  copies.set(v, o);
  copierFor(known, Object.keys(v))(v as Fields, o);
  return o;
}

/* --- per-shape copiers ------------------------------------------------------------------------ */

/** Fills `to` with copies of `from`'s fields. */
type Copier = (from: Fields, to: Fields) => void;

/** A list of own keys met under a prototype, and its copier. */
interface Shape {
  readonly keys: readonly string[];
  readonly copier: Copier;
}

/** Per prototype, the shapes met so far: one for most classes, a score for plain objects. */
const shapes = new Map<object | null, Shape[]>();

/** A prototype's shapes, made on first sight; throws for built-ins that cannot be copied field by field. */
function shapesOf(proto: object | null): Shape[] {
  let s = shapes.get(proto);
  if (s === undefined) {
    if (proto !== Object.prototype && proto !== null && !isPlainClass(proto)) throw new Error(`cloneGraph: cannot copy a ${proto.constructor?.name ?? 'foreign'} object`);
    s = [];
    shapes.set(proto, s);
  }
  return s;
}

/**
 * Past this many key lists under one prototype its objects are taken for
 * dictionaries (keys are data, not fields): they are copied by the
 * generic loop rather than by a copier compiled for each. The table lives
 * as long as the process and plain objects of every design share
 * Object.prototype's entry, so the bound is generous: a run that clones
 * several designs must not push one design's structs onto the slow loop.
 */
const MAX_SHAPES = 1024;

function copierFor(known: Shape[], keys: readonly string[]): Copier {
  for (const s of known) if (sameKeys(s.keys, keys)) return s.copier;
  if (known.length >= MAX_SHAPES) return (from, to) => copyFields(from, to, keys);
  const copier = compile(keys);
  known.push({ keys, copier });
  return copier;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function copyFields(from: Fields, to: Fields, keys: readonly string[]): void {
  for (const k of keys) to[k] = copy(from[k]);
}

/**
 * A copier with `keys` spelt out, in their order (the copy's key order is
 * the original's). Each key is a quoted string literal, so any key reads
 * and writes as `to[k]` does in copyFields.
 */
function compile(keys: readonly string[]): Copier {
  const body = keys.map((k) => `to[${JSON.stringify(k)}] = copy(from[${JSON.stringify(k)}]);`).join('\n');
  return new Function('copy', `return function copier(from, to) {\n${body}\n};`)(copy) as Copier;
}

/** Built-ins whose state is not in own enumerable properties (Date, typed arrays, ...) cannot be copied field by field. */
const OPAQUE: readonly object[] = [Date.prototype, RegExp.prototype, ArrayBuffer.prototype, DataView.prototype, Promise.prototype, WeakMap.prototype, WeakSet.prototype, Object.getPrototypeOf(Uint8Array.prototype) as object];

function isPlainClass(proto: object): boolean {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) if (OPAQUE.includes(p)) return false;
  return true;
}
