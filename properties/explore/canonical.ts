/*
 * The canonical state key: two states get the same key only when they
 * behave the same from there on, up to the names of things.
 *
 * The key is written as a sequence of tokens into a KeySink: as a string
 * (exact keys, tests) or straight into a 64-bit fingerprint (the search),
 * which spares building a string of several hundred characters per
 * transition only to hash it.
 *
 * A state is the spec, the driver's bookkeeping (env) and the design's
 * snapshot. The key writes all three out with every name replaced by a
 * number that depends on structure, not on spelling:
 *   - cgroups by creation order (cgroupOrder), which the teardown and the
 *     designs' own lists follow, so the order is kept, not just the set;
 *   - objects, kmem pages and kernel users by the order they were created
 *     in among those still live (the harness's insertion order, which the
 *     teardown frees in), so "o1 freed, o2 live" and "o2 freed, o1 live"
 *     meet when o1 and o2 were alike;
 *   - tasks by their fixed names.
 * Counters the harness only uses to make up fresh names (nextObj, ...) are
 * left out. So is what no invariant reads and no design acts on: failcnt,
 * the shared-operation costs, the last step's forcedCharge, warning
 * messages (only the set of warning sites stays, for WARN_ONCE).
 *
 * CPU symmetry: with `perms`, the key is the least over CPU relabellings,
 * so a state and its mirror image (cpu0 and cpu1 exchanged, tasks and
 * stocks with them) meet. That is sound only if designs, invariants and
 * the teardown treat CPUs alike; the explorer (bfs.ts) checks the teardown
 * on every relabelling and gives up symmetry where it finds a difference.
 *
 * Hidden state: a design keeps more than its snapshot shows (which memcg
 * each kmem page points at, a random generator's state, WARN_ONCE flags,
 * the position of a page-stock slot). Two states with equal snapshots can
 * then behave differently: roman-v1-2019's split_page() leaves the tail
 * page without page->mem_cgroup, a state the snapshot cannot tell from two
 * order-0 pages. So the exact key (the default) adds `designDigest`: the
 * design instance's own object graph, walked field by field, with harness
 * names renamed as above. Left out of it are code (functions), the
 * warning log (its set of sites is in the snapshot part), and fields named
 * `costs` and `failcnt` (cumulative statistics no behaviour depends on;
 * keeping them would make every path its own state). State held only in
 * closures or #private fields is invisible to it.
 *
 * CPU symmetry: with `perms`, the key is the least over CPU relabellings,
 * so a state and its mirror image (cpu0 and cpu1 exchanged, tasks and
 * stocks with them) meet. It is an abstraction: the design's own per-CPU
 * data cannot be relabelled generically, so the symmetric key is built
 * from the snapshot, spec and env alone (like TLC's VIEW plus SYMMETRY),
 * and is sound only for designs whose snapshot shows their whole state and
 * that treat CPUs alike. The explorer (bfs.ts) checks the teardown on
 * every relabelling and gives up symmetry where it finds a difference.
 */

import { objStockSlots } from '../../src/snapshot-lookup.ts';
import type { DesignInstance, DesignState } from '../../src/design.ts';
import { WarningLog } from '../../src/kernel/warnings.ts';
import type { Env, Harness } from '../harness.ts';
import { StringSink, type HashSink, type KeySink } from './key-sink.ts';

/** Every permutation of 0..n-1 (identity first); `perm[cpu]` is the new number. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[0].slice(0, n)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = rest.length; i >= 0; i--) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out.sort((a, b) => a.join().localeCompare(b.join()));
}

/* Tags: section and structure markers in the token stream. */
const T = {
  obj: 1, end: 2, arr: 3, map: 4, set: 5, ref: 6, nul: 7, undef: 8, yes: 9, no: 10, log: 11, bigint: 12,
  cgroup: 20, task: 21, online: 22, object: 23, user: 24, memcg: 25, objcg: 26, cpu: 27, dtask: 28, pre: 29, warn: 30, digest: 31, none: 32,
} as const;

/** Fields of a design's objects that the digest skips: cumulative statistics. */
const STATISTICS = new Set(['costs', 'failcnt']);

interface Walk {
  readonly k: KeySink;
  readonly seen: Map<object, number>;
  readonly objs: readonly string[];
  readonly users: readonly string[];
}

/**
 * The design instance's object graph: every reachable plain value, array,
 * Map and Set, in iteration order, shared objects written once and referred
 * to by number afterwards, object, page and user names replaced by their
 * position among the live ones (env). Every token is self-delimiting, so
 * two different graphs never give the same token stream.
 */
export function writeDigest(k: KeySink, design: DesignInstance, env: Env): void {
  walk({ k, seen: new Map(), objs: [...env.objects.keys()], users: [...env.users.keys()] }, design);
}

/** The digest as a string (tests, exact keys). */
export function designDigest(design: DesignInstance, env: Env): string {
  const s = new StringSink();
  writeDigest(s, design, env);
  return s.out;
}

/** A harness-made name ("o12", "p3", "u1") as its position among the live ones; other strings as they are. */
function writeString(w: Walk, s: string): void {
  const c = s.charCodeAt(0);
  if ((c === 111 || c === 112 || c === 117) && s.length > 1 && isDigits(s)) {
    const i = c === 117 ? w.users.indexOf(s) : w.objs.indexOf(s);
    if (i >= 0) {
      w.k.tag(c === 117 ? T.user : T.object);
      w.k.num(i);
      return;
    }
  }
  w.k.str(s);
}

function isDigits(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function walk(w: Walk, v: unknown): void {
  switch (typeof v) {
    case 'number':
      return w.k.num(v);
    case 'boolean':
      return w.k.tag(v ? T.yes : T.no);
    case 'string':
      return writeString(w, v);
    case 'undefined':
      return w.k.tag(T.undef);
    case 'bigint':
      w.k.tag(T.bigint);
      return w.k.str(String(v));
    case 'object':
      break;
    default:
      return; // functions and symbols are code, not state
  }
  if (v === null) return w.k.tag(T.nul);
  const ref = w.seen.get(v);
  if (ref !== undefined) {
    w.k.tag(T.ref);
    return w.k.num(ref);
  }
  w.seen.set(v, w.seen.size);
  if (Array.isArray(v)) {
    w.k.tag(T.arr);
    for (const x of v) walk(w, x);
  } else if (v instanceof Map) {
    w.k.tag(T.map);
    for (const [key, x] of v) {
      walk(w, key);
      walk(w, x);
    }
  } else if (v instanceof Set) {
    w.k.tag(T.set);
    for (const x of v) walk(w, x);
  } else if (v instanceof WarningLog) return w.k.tag(T.log);
  else {
    w.k.tag(T.obj);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!STATISTICS.has(key)) walk(w, o[key]);
  }
  w.k.tag(T.end);
}

/** Index of cgroup `name` in creation order; a name the harness never made is written as itself. */
function cg(k: KeySink, order: readonly string[], name: string | null): void {
  if (name === null) return k.tag(T.none);
  const i = order.indexOf(name);
  if (i >= 0) return k.num(i);
  k.str(name);
}

function cpu(k: KeySink, perm: readonly number[], c: number | null | undefined): void {
  if (c === null || c === undefined) return k.tag(T.none);
  k.num(perm[c] ?? -1 - c);
}

/** The key of `h`'s state under one CPU relabelling `perm` (old cpu -> new cpu), without the digest. */
export function writeStateKey(k: KeySink, h: Harness, perm: readonly number[]): void {
  const env = h.env;
  const order = env.cgroupOrder;
  // spec: cgroups in creation order
  for (const c of order) {
    const s = h.spec.cgroups.get(c)!;
    k.tag(T.cgroup);
    cg(k, order, s.parent);
    k.tag(s.alive ? T.yes : T.no);
    k.num(s.maxPages);
  }
  // tasks: cgroup and CPU
  for (const [t, c] of h.spec.tasks) {
    k.tag(T.task);
    k.str(t);
    cg(k, order, c);
    cpu(k, perm, env.taskCpu.get(t));
  }
  // online CPUs, renumbered
  k.tag(T.online);
  const online: boolean[] = [];
  env.online.forEach((on, c) => (online[perm[c]!] = on));
  for (const on of online) k.tag(on ? T.yes : T.no);
  // live objects in creation order; kernel users by creation order
  const users = [...env.users.keys()];
  for (const [name, o] of env.objects) {
    const s = h.spec.objects.get(name);
    k.tag(T.object);
    k.str(o.kind);
    cg(k, order, s?.origin ?? null);
    k.num(s?.bytes ?? -1);
    k.num(o.user === undefined ? -1 : users.indexOf(o.user));
    k.num(o.order ?? -1);
  }
  if (users.length) {
    const objs = [...env.objects.keys()];
    for (const u of env.users.values()) {
      k.tag(T.user);
      cg(k, order, u.origin);
      for (const o of u.objs) k.num(objs.indexOf(o));
    }
  }
  writeDesignState(k, h.state, order, perm);
}

function writeDesignState(k: KeySink, s: DesignState, order: readonly string[], perm: readonly number[]): void {
  // Designs list memcgs and obj_cgroups in creation order, so the order is kept as given.
  for (const m of s.memcgs) {
    k.tag(T.memcg);
    cg(k, order, m.name);
    cg(k, order, m.parent);
    k.tag(m.online ? T.yes : T.no);
    k.tag(m.freed ? T.yes : T.no);
    k.num(m.usage);
    k.num(m.max);
    k.num(m.refs);
  }
  for (const o of s.objcgs) {
    k.tag(T.objcg);
    cg(k, order, o.name);
    cg(k, order, o.memcg);
    k.num(o.refs);
    k.num(o.nrChargedBytes);
    k.tag(o.killed ? T.yes : T.no);
    k.tag(o.released ? T.yes : T.no);
  }
  // CPUs in their new order
  const byNew: (typeof s.cpus)[number][] = [];
  for (const c of s.cpus) byNew[perm[c.cpu] ?? byNew.length] = c;
  for (const c of byNew) {
    if (!c) continue;
    k.tag(T.cpu);
    k.tag(c.online ? T.yes : T.no);
    k.tag(c.workPending ? T.yes : T.no);
    for (const p of c.pageStock) {
      cg(k, order, p.memcg);
      k.num(p.nrPages);
    }
    k.tag(T.end);
    for (const o of objStockSlots(c)) {
      k.str(o.kind);
      cg(k, order, o.cached);
      k.num(o.nrBytes);
    }
    k.tag(T.end);
  }
  for (const t of s.tasks) {
    k.tag(T.dtask);
    k.str(t.name);
    cg(k, order, t.cgroup);
    cpu(k, perm, t.cpu);
    cg(k, order, t.cachedObjcg);
  }
  // pre-charge holders: a set (designs list them in their own order, which CPU renumbering changes)
  const pre: string[] = [];
  for (const p of s.precharged) if (p.bytes !== 0) pre.push(`${order.indexOf(p.memcg)}/${p.memcg},${p.bytes},${p.cpu === null ? '-' : (perm[p.cpu] ?? -1)}`);
  k.tag(T.pre);
  for (const p of pre.sort()) k.str(p);
  if (s.warnings.length) {
    k.tag(T.warn);
    for (const w of [...new Set(s.warnings.map((x) => x.where))].sort()) k.str(w);
  }
}

/** The key under one CPU relabelling, as a string (tests, exact keys). */
export function stateKey(h: Harness, perm: readonly number[]): string {
  const s = new StringSink();
  writeStateKey(s, h, perm);
  return s.out;
}

/**
 * The canonical key. Exact (one permutation, the identity): the state key
 * plus the design's digest. Symmetric (several): the least state key over
 * the CPU relabellings, without the digest.
 */
export function canonicalKey(h: Harness, perms: readonly (readonly number[])[]): string {
  if (perms.length === 1) {
    const s = new StringSink();
    writeStateKey(s, h, perms[0]!);
    s.tag(T.digest);
    writeDigest(s, h.design, h.env);
    return s.out;
  }
  let best = stateKey(h, perms[0]!);
  for (let i = 1; i < perms.length; i++) {
    const k = stateKey(h, perms[i]!);
    if (k < best) best = k;
  }
  return best;
}

/** The canonical key's 64-bit fingerprint, hashed as it is written (no key string is built). */
export function canonicalFingerprint(h: Harness, perms: readonly (readonly number[])[], sink: HashSink): [number, number] {
  if (perms.length === 1) {
    sink.reset();
    writeStateKey(sink, h, perms[0]!);
    sink.tag(T.digest);
    writeDigest(sink, h.design, h.env);
    return sink.digest();
  }
  let best: [number, number] | null = null;
  for (const perm of perms) {
    sink.reset();
    writeStateKey(sink, h, perm);
    const f = sink.digest();
    if (best === null || f[0] < best[0] || (f[0] === best[0] && f[1] < best[1])) best = f;
  }
  return best!;
}
