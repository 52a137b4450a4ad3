/*
 * Lookups into a DesignState by name that fail loudly when the name is
 * missing, for tests and reports.
 */

import type { CpuState, DesignState, MemcgState, ObjcgState, ObjStockState } from './design.ts';

export function memcg(s: DesignState, name: string): MemcgState {
  const m = s.memcgs.find((x) => x.name === name);
  if (!m) throw new Error(`no memcg ${name} in snapshot`);
  return m;
}

export function objcg(s: DesignState, name: string): ObjcgState {
  const o = s.objcgs.find((x) => x.name === name);
  if (!o) throw new Error(`no objcg ${name} in snapshot`);
  return o;
}

export function cpu(s: DesignState, n: number): CpuState {
  const c = s.cpus.find((x) => x.cpu === n);
  if (!c) throw new Error(`no cpu${n} in snapshot`);
  return c;
}

/** Every object-stock slot of a CPU: `objStockSlots` when the design has several, else `objStock`. */
export function objStockSlots(c: CpuState): readonly ObjStockState[] {
  return c.objStockSlots ?? (c.objStock ? [c.objStock] : []);
}

/** Pre-charged bytes the snapshot lists for memcg `name` itself (not its subtree). */
export function precharged(s: DesignState, name: string): number {
  return s.precharged.filter((p) => p.memcg === name).reduce((n, p) => n + p.bytes, 0);
}
