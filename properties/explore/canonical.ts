/*
 * The canonical state key: two states get the same key only when they
 * behave the same from there on, up to the names of things.
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

import type { DesignInstance, DesignState } from '../../src/design.ts';
import { WarningLog } from '../../src/kernel/warnings.ts';
import type { Env, Harness } from '../harness.ts';

/** Every permutation of 0..n-1 (identity first); `perm[cpu]` is the new number. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[0].slice(0, n)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = rest.length; i >= 0; i--) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out.sort((a, b) => a.join().localeCompare(b.join()));
}

/** Fields of a design's objects that the digest skips: cumulative statistics. */
const STATISTICS = new Set(['costs', 'failcnt']);

/**
 * The design instance's object graph as a string: every reachable plain
 * value, array, Map and Set, in iteration order, shared objects written
 * once and referred to by number afterwards, object, page and user names
 * replaced by their position among the live ones (env). Every token is
 * self-delimiting, so two different graphs never give the same string.
 */
export function designDigest(design: DesignInstance, env: Env): string {
  const d: Digest = { seen: new Map(), objs: [...env.objects.keys()], users: [...env.users.keys()], out: '' };
  walk(d, design);
  return d.out;
}

interface Digest {
  readonly seen: Map<object, number>;
  readonly objs: readonly string[];
  readonly users: readonly string[];
  out: string;
}

/** A harness-made name ("o12", "p3", "u1") as its position among the live ones; other strings as they are. */
function rename(d: Digest, s: string): string {
  const c = s.charCodeAt(0);
  if ((c !== 111 && c !== 112 && c !== 117) || s.length < 2 || !isDigits(s)) return s; // o, p, u
  const i = c === 117 ? d.users.indexOf(s) : d.objs.indexOf(s);
  return i < 0 ? s : c === 117 ? `#u${i}` : `#${i}`;
}

function isDigits(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function walk(d: Digest, v: unknown): void {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      d.out += `${v},`;
      return;
    case 'boolean':
      d.out += v ? 'T,' : 'F,';
      return;
    case 'string': {
      const r = rename(d, v);
      d.out += `${r.length}:${r},`; // length first: a string holding "," or "}" cannot pass for structure
      return;
    }
    case 'undefined':
      d.out += 'u,';
      return;
    case 'object':
      break;
    default:
      return; // functions and symbols are code, not state
  }
  if (v === null) {
    d.out += 'n,';
    return;
  }
  const ref = d.seen.get(v);
  if (ref !== undefined) {
    d.out += `@${ref},`;
    return;
  }
  d.seen.set(v, d.seen.size);
  if (Array.isArray(v)) {
    d.out += '[';
    for (const x of v) walk(d, x);
    d.out += ']';
  } else if (v instanceof Map) {
    d.out += 'M{';
    for (const [k, x] of v) {
      walk(d, k);
      walk(d, x);
    }
    d.out += '}';
  } else if (v instanceof Set) {
    d.out += 'S{';
    for (const x of v) walk(d, x);
    d.out += '}';
  } else if (v instanceof WarningLog) d.out += 'W,';
  else {
    d.out += '{';
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!STATISTICS.has(k)) walk(d, o[k]);
    d.out += '}';
  }
}

/**
 * The key under one CPU relabelling `perm` (old cpu -> new cpu). It is
 * built by string concatenation over small arrays: this runs once per
 * transition, and Maps or intermediate arrays per call cost more than the
 * linear lookups they would save.
 */
export function stateKey(h: Harness, perm: readonly number[]): string {
  const env = h.env;
  const order = env.cgroupOrder;

  let k = '';
  // spec: cgroups in creation order
  for (const c of order) {
    const s = h.spec.cgroups.get(c)!;
    k += `c${cgId(order, s.parent)},${s.alive ? 1 : 0},${s.maxPages};`;
  }
  // tasks: cgroup and CPU
  for (const [t, c] of h.spec.tasks) k += `t${t}:${cgId(order, c)}@${cpuId(perm, env.taskCpu.get(t))};`;
  // online CPUs, renumbered
  const online: number[] = [];
  env.online.forEach((on, c) => (online[perm[c]!] = on ? 1 : 0));
  k += `on${online.join('')};`;
  // live objects in creation order; kernel users by creation order
  const users = [...env.users.keys()];
  for (const [name, o] of env.objects) {
    const s = h.spec.objects.get(name);
    k += `o${o.kind[0]}${cgId(order, s?.origin ?? null)},${s?.bytes ?? '?'},${o.user === undefined ? '' : users.indexOf(o.user)},${o.order ?? ''};`;
  }
  if (users.length) {
    const objs = [...env.objects.keys()];
    for (const u of env.users.values()) k += `u${cgId(order, u.origin)}:${[...u.objs].map((o) => objs.indexOf(o)).join(',')};`;
  }
  return k + designKey(h.state, order, perm);
}

/** Index of cgroup `name` in `order` (creation order), or "?name" for a name the harness never created. */
function cgId(order: readonly string[], name: string | null): string {
  if (name === null) return '-';
  const i = order.indexOf(name);
  return i >= 0 ? String(i) : `?${name}`;
}

function cpuId(perm: readonly number[], c: number | null | undefined): string {
  return c === null || c === undefined ? '-' : String(perm[c] ?? `?${c}`);
}

function designKey(s: DesignState, order: readonly string[], perm: readonly number[]): string {
  // Designs list memcgs and obj_cgroups in creation order, so the order is kept as given.
  let k = '';
  for (const m of s.memcgs) k += `M${cgId(order, m.name)}<${cgId(order, m.parent)},${m.online ? 1 : 0}${m.freed ? 1 : 0},${m.usage},${m.max},${m.refs};`;
  for (const o of s.objcgs) k += `G${cgId(order, o.name)}>${cgId(order, o.memcg)},${o.refs},${o.nrChargedBytes},${o.killed ? 1 : 0}${o.released ? 1 : 0};`;
  const cpus: string[] = [];
  for (const c of s.cpus) {
    let stock = '';
    for (const p of c.pageStock) stock += `${cgId(order, p.memcg)}:${p.nrPages} `;
    const obj = c.objStock ? `${c.objStock.kind[0]}${cgId(order, c.objStock.cached)}:${c.objStock.nrBytes}` : '-';
    cpus[Number(cpuId(perm, c.cpu))] = `C${c.online ? 1 : 0}${c.workPending ? 1 : 0}[${stock}]${obj}`;
  }
  k += cpus.join('') + ';';
  for (const t of s.tasks) k += `T${t.name}:${cgId(order, t.cgroup)}@${cpuId(perm, t.cpu)}>${cgId(order, t.cachedObjcg)};`;
  const pre: string[] = [];
  for (const p of s.precharged) if (p.bytes !== 0) pre.push(`P${cgId(order, p.memcg)},${p.bytes},${cpuId(perm, p.cpu)}`);
  k += pre.sort().join('');
  if (s.warnings.length) k += `;W${[...new Set(s.warnings.map((w) => w.where))].sort().join('|')}`;
  return k;
}

/**
 * The canonical key. Exact (one permutation, the identity): `stateKey`
 * plus the design's digest. Symmetric (several): the least `stateKey`
 * over the CPU relabellings, without the digest.
 */
export function canonicalKey(h: Harness, perms: readonly (readonly number[])[]): string {
  if (perms.length === 1) return `${stateKey(h, perms[0]!)}|${designDigest(h.design, h.env)}`;
  let best = stateKey(h, perms[0]!);
  for (let i = 1; i < perms.length; i++) {
    const k = stateKey(h, perms[i]!);
    if (k < best) best = k;
  }
  return best;
}
