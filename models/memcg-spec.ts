/*
 * MemcgSpec: the reference model of memory-cgroup byte charging.
 *
 * This is the specification every design is checked against. It is kept
 * obviously correct by leaving out everything that makes the kernel fast:
 * there are no CPUs, no stocks, no batching, no page rounding and no
 * reference counts. It knows only
 *   - the cgroup tree, which cgroups are alive, and their limits;
 *   - which task is in which cgroup;
 *   - every live charged object: its size in bytes and the cgroup that
 *     allocated it (its origin).
 * An object is owned by the nearest live ancestor-or-self of its origin:
 * deleting a cgroup hands its objects to its parent, which is what
 * obj_cgroup reparenting is for. The bytes a cgroup's page counter must
 * account for are the bytes owned anywhere in its subtree.
 *
 * Read it like a TLA+ spec: the state, TypeOK, Init, one pure function per
 * operation (guard first, the rest unchanged), then the queries the
 * refinement mapping uses. Nothing here imports a design.
 */

import { PAGE_COUNTER_MAX, ROOT } from '../src/kernel/constants.ts';
import type { CgroupName, ObjName, TaskName, WorldConfig } from '../src/design.ts';

/* ----------------------------------------------------------------- state */

export interface SpecCgroup {
  readonly parent: CgroupName | null; // null only for root
  readonly alive: boolean; // false once rmdir'ed; dead cgroups stay in the tree
  readonly maxPages: number; // memory.max
}

export interface SpecObject {
  readonly origin: CgroupName; // cgroup whose task (or obj_cgroup) charged it
  readonly bytes: number; // bytes charged, > 0
}

export interface SpecState {
  readonly cgroups: ReadonlyMap<CgroupName, SpecCgroup>;
  readonly tasks: ReadonlyMap<TaskName, CgroupName>;
  readonly objects: ReadonlyMap<ObjName, SpecObject>;
}

/* ---------------------------------------------------------------- TypeOK */

/**
 * TypeOK: not part of the specification, but it tells the reader what the
 * state may contain. Returns the first violation, or null.
 */
export function typeOk(s: SpecState): string | null {
  const root = s.cgroups.get(ROOT);
  if (!root || root.parent !== null || !root.alive) return 'root must exist, be alive and have no parent';
  for (const [name, c] of s.cgroups) {
    if (name === ROOT) continue;
    const p = c.parent === null ? undefined : s.cgroups.get(c.parent);
    if (!p) return `cgroup ${name} has no parent in the tree`;
    if (c.alive && !p.alive) return `live cgroup ${name} under dead parent ${c.parent}`;
  }
  for (const [task, cg] of s.tasks) if (!s.cgroups.get(cg)?.alive) return `task ${task} in dead cgroup ${cg}`;
  for (const [obj, o] of s.objects) {
    if (!s.cgroups.has(o.origin)) return `object ${obj} from unknown cgroup ${o.origin}`;
    if (!Number.isInteger(o.bytes) || o.bytes <= 0) return `object ${obj} has ${o.bytes} bytes`;
  }
  return null;
}

/* ------------------------------------------------------------------ Init */

export function init(config: WorldConfig): SpecState {
  let s: SpecState = {
    cgroups: new Map([[ROOT, { parent: null, alive: true, maxPages: PAGE_COUNTER_MAX }]]),
    tasks: new Map(),
    objects: new Map(),
  };
  for (const c of config.cgroups) s = mkdir(s, c.name, c.parent);
  return { ...s, tasks: new Map(config.tasks.map((t) => [t.name, t.cgroup])) };
}

/* ------------------------------------------------------------- operations */

function withCgroup(s: SpecState, name: CgroupName, c: SpecCgroup): SpecState {
  return { ...s, cgroups: new Map(s.cgroups).set(name, c) };
}

/** Mkdir: a new live cgroup under a live parent, unlimited. */
export function mkdir(s: SpecState, name: CgroupName, parent: CgroupName): SpecState {
  if (s.cgroups.has(name) || !s.cgroups.get(parent)?.alive) throw new Error(`mkdir ${name} under ${parent}: guard fails`);
  return withCgroup(s, name, { parent, alive: true, maxPages: PAGE_COUNTER_MAX });
}

/** Rmdir: a live leaf without tasks dies. Its objects now belong to its parent. */
export function rmdir(s: SpecState, name: CgroupName): SpecState {
  if (!canRmdir(s, name)) throw new Error(`rmdir ${name}: guard fails`);
  return withCgroup(s, name, { ...s.cgroups.get(name)!, alive: false });
}

export function canRmdir(s: SpecState, name: CgroupName): boolean {
  if (name === ROOT || !s.cgroups.get(name)?.alive) return false;
  for (const c of s.cgroups.values()) if (c.parent === name && c.alive) return false;
  for (const cg of s.tasks.values()) if (cg === name) return false;
  return true;
}

/** SetMax: memory.max of a live cgroup. Usage may stay above it. */
export function setMax(s: SpecState, name: CgroupName, maxPages: number): SpecState {
  const c = s.cgroups.get(name);
  if (!c?.alive || name === ROOT) throw new Error(`setMax ${name}: guard fails`);
  return withCgroup(s, name, { ...c, maxPages });
}

/** TaskMove: a task joins a live cgroup. */
export function taskMove(s: SpecState, task: TaskName, cgroup: CgroupName): SpecState {
  if (!s.tasks.has(task) || !s.cgroups.get(cgroup)?.alive) throw new Error(`taskMove ${task} to ${cgroup}: guard fails`);
  return { ...s, tasks: new Map(s.tasks).set(task, cgroup) };
}

/** TaskExit: a task leaves the world. */
export function taskExit(s: SpecState, task: TaskName): SpecState {
  if (!s.tasks.has(task)) throw new Error(`taskExit ${task}: guard fails`);
  const tasks = new Map(s.tasks);
  tasks.delete(task);
  return { ...s, tasks };
}

/** Charge: object `obj` of `bytes` bytes is charged on behalf of `origin`. */
export function charge(s: SpecState, obj: ObjName, origin: CgroupName, bytes: number): SpecState {
  if (s.objects.has(obj) || !s.cgroups.has(origin) || bytes <= 0) throw new Error(`charge ${obj}: guard fails`);
  return { ...s, objects: new Map(s.objects).set(obj, { origin, bytes }) };
}

/** Uncharge: a live object is freed; its bytes leave every counter. */
export function uncharge(s: SpecState, obj: ObjName): SpecState {
  if (!s.objects.has(obj)) throw new Error(`uncharge ${obj}: guard fails`);
  const objects = new Map(s.objects);
  objects.delete(obj);
  return { ...s, objects };
}

/** Split: one object becomes several of the same origin and the same total size. */
export function split(s: SpecState, obj: ObjName, parts: readonly { name: ObjName; bytes: number }[]): SpecState {
  const o = s.objects.get(obj);
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  if (!o || total !== o.bytes) throw new Error(`split ${obj}: guard fails`);
  let t = uncharge(s, obj);
  for (const p of parts) t = charge(t, p.name, o.origin, p.bytes);
  return t;
}

/* ---------------------------------------------------------------- queries */

/** The nearest live ancestor-or-self: who owns what `cgroup` charged. */
export function nearestLive(s: SpecState, cgroup: CgroupName): CgroupName {
  let name: CgroupName | null = cgroup;
  while (name !== null) {
    const c: SpecCgroup | undefined = s.cgroups.get(name);
    if (!c) throw new Error(`unknown cgroup ${cgroup}`);
    if (c.alive) return name;
    name = c.parent;
  }
  throw new Error(`cgroup ${cgroup} has no live ancestor`);
}

/** The owner of a live object. */
export function owner(s: SpecState, obj: ObjName): CgroupName {
  const o = s.objects.get(obj);
  if (!o) throw new Error(`no live object ${obj}`);
  return nearestLive(s, o.origin);
}

/** True when `cgroup` is `ancestor` or below it (dead cgroups included). */
export function isDescendant(s: SpecState, cgroup: CgroupName, ancestor: CgroupName): boolean {
  for (let n: CgroupName | null = cgroup; n !== null; n = s.cgroups.get(n)?.parent ?? null) if (n === ancestor) return true;
  return false;
}

/** Bytes of live objects owned in the subtree of `cgroup`. */
export function subtreeBytes(s: SpecState, cgroup: CgroupName): number {
  let bytes = 0;
  for (const o of s.objects.values()) if (isDescendant(s, nearestLive(s, o.origin), cgroup)) bytes += o.bytes;
  return bytes;
}

export function liveCgroups(s: SpecState): CgroupName[] {
  return [...s.cgroups].filter(([, c]) => c.alive).map(([n]) => n);
}
