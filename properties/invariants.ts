/*
 * Named invariants, checked after every step (like Hypothesis's @invariant
 * or a TLA+ .cfg's INVARIANTS). Each returns null or one line naming what
 * was expected and what was found; the harness adds the step.
 *
 * The central one is `conservation`, the refinement mapping: for every live
 * non-root cgroup C,
 *   usage(C) * PAGE_SIZE == bytes owned in C's subtree (spec)
 *                         + bytes pre-charged for C's subtree (design)
 * Pre-charged bytes are whatever the design holds charged but unused
 * (stock pages, stock bytes, obj_cgroup leftovers) as its snapshot lists
 * them, and `precharge-bound` keeps that list honest: a design cannot hide
 * a leak in it without exceeding the bound it declares.
 */

import type { DesignState } from '../src/design.ts';
import type { Action } from './actions.ts';
import { PAGE_SIZE, ROOT } from '../src/kernel/constants.ts';
import { objStockSlots } from '../src/snapshot-lookup.ts';
import * as spec from '../models/memcg-spec.ts';
import { InvariantViolation, type Harness } from './harness.ts';
import { formatHolders, holdersTotal, memcgHolders, objcgHolders, type Holders } from './ref-rules.ts';
import { abstractBytes } from './refinement.ts';

export const INVARIANTS = [
  'conservation',
  'precharge-bound',
  'counters-nonneg',
  'counters-within-max',
  'no-warnings',
  'objcg-refs',
  'memcg-refs',
  'ownership',
  'failed-charge',
  'quiescence',
] as const;

export type InvariantName = (typeof INVARIANTS)[number];

export const INVARIANT_DOCS: Record<InvariantName, string> = {
  conservation: 'usage(C)*PAGE_SIZE == live bytes owned in C\'s subtree + pre-charged bytes held for it, for every live cgroup C',
  'precharge-bound': 'pre-charged bytes per CPU and per obj_cgroup stay within the bound the design declares',
  'counters-nonneg': 'no page counter is negative, at any level, root and dead cgroups included',
  'counters-within-max': 'a page counter that grew in a step is at or below its max, unless the charge was forced',
  'no-warnings': 'the design recorded no kernel warning (underflow, unaligned leftover, use after free...)',
  'objcg-refs': "an obj_cgroup's count equals its holders; none released while held; none lingering without holders",
  'memcg-refs': "a memcg's css count equals the references its version's rules say exist; freed exactly when none are left",
  ownership: 'the obj_cgroup of every live object points at the nearest live ancestor of the cgroup that charged it',
  'failed-charge': 'a failed charge (-ENOMEM) left nothing charged: no counter grew, no pre-charge grew',
  quiescence: 'after freeing and putting everything, draining every CPU and deleting every cgroup, nothing is left',
};

export interface StepEffect {
  readonly failedCharge: boolean;
}

/** What a per-step check sees: the harness (spec + env after the step), both snapshots, the action. */
export interface StepContext {
  readonly h: Harness;
  readonly before: DesignState | null;
  readonly after: DesignState;
  readonly effect: StepEffect;
  /** The action of this step; null for the initial state. */
  readonly action: Action | null;
}

type Check = (c: StepContext) => string | null;

/** A named per-step check beyond the invariants (e.g. an objection's bound). */
export interface StepCheck {
  readonly name: string;
  readonly check: Check;
}

/* ------------------------------------------------------------- the checks */

const conservation: Check = ({ h, after }) => {
  const abs = abstractBytes(h.spec, after);
  for (const cg of spec.liveCgroups(h.spec)) {
    if (cg === ROOT) continue; // root's usage is approximated from global stats in the kernel
    const a = abs.get(cg);
    if (!a) return `live cgroup ${cg} has no memcg in the design`;
    const owned = spec.subtreeBytes(h.spec, cg);
    if (a.bytes !== owned)
      return (
        `${cg}: usage ${a.usagePages} pages = ${a.usagePages * PAGE_SIZE} bytes, expected ${owned} bytes of live objects` +
        ` + ${a.prechargedBytes} pre-charged (${a.parts.join(', ') || 'none'}) = ${owned + a.prechargedBytes}`
      );
  }
  return null;
};

const prechargeBound: Check = ({ h, after }) => {
  const bound = h.designDef.info.prechargeBound(h.config);
  const perCpu = new Map<number, number>();
  for (const p of after.precharged) {
    if (p.cpu === null) {
      if (p.bytes > bound.perHolderBytes) return `${p.where} holds ${p.bytes} bytes, bound ${bound.perHolderBytes}`;
    } else perCpu.set(p.cpu, (perCpu.get(p.cpu) ?? 0) + p.bytes);
  }
  for (const [cpu, bytes] of perCpu)
    if (bytes > bound.perCpuBytes) return `cpu${cpu} holds ${bytes} pre-charged bytes, bound ${bound.perCpuBytes} (${bound.why})`;
  return null;
};

const countersNonneg: Check = ({ after }) => {
  const m = after.memcgs.find((x) => x.usage < 0);
  return m ? `memcg ${m.name}${m.freed ? ' (freed)' : m.online ? '' : ' (offline)'} usage is ${m.usage} pages` : null;
};

const countersWithinMax: Check = ({ before, after }) => {
  if (!before || after.forcedCharge) return null;
  for (const m of after.memcgs) {
    const was = before.memcgs.find((x) => x.name === m.name)?.usage ?? 0;
    if (m.usage > was && m.usage > m.max) return `memcg ${m.name} grew from ${was} to ${m.usage} pages, above max ${m.max}, without a forced charge`;
  }
  return null;
};

const noWarnings: Check = ({ before, after }) => {
  const fresh = after.warnings.slice(before?.warnings.length ?? 0);
  return fresh.length ? fresh.map((w) => `WARNING in ${w.where}: ${w.message}`).join('; ') : null;
};

function refCheck(kind: 'obj_cgroup' | 'memcg', name: string, refs: number, released: boolean, dead: boolean, holders: Holders): string | null {
  const want = holdersTotal(holders);
  if (released && want > 0) return `${kind} ${name} was released while held by ${formatHolders(holders)} (use after free)`;
  if (released) return null;
  if (dead && want === 0) return `${kind} ${name} lingers: offline, not freed, ${refs} reference(s), and nothing holds it`;
  if (refs !== want) return `${kind} ${name} has ${refs} reference(s), expected ${want}: ${formatHolders(holders)}`;
  return null;
}

const objcgRefs: Check = ({ h, after }) => {
  const rules = h.designDef.info.refRules;
  if (!rules.objcgs) return null;
  for (const o of after.objcgs) {
    const msg = refCheck('obj_cgroup', o.name, o.refs, o.released, o.killed, objcgHolders(h, after, rules, o.name));
    if (msg) return msg;
  }
  return null;
};

const memcgRefs: Check = ({ h, after }) => {
  const rules = h.designDef.info.refRules;
  if (rules.memcg === 'none') return null;
  for (const m of after.memcgs) {
    if (m.name === ROOT) continue;
    const msg = refCheck('memcg', m.name, m.refs, m.freed, !m.online, memcgHolders(h, after, rules, m.name));
    if (msg) return msg;
  }
  return null;
};

const ownership: Check = ({ h, after }) => {
  if (!h.designDef.info.refRules.objcgs) return null;
  const pinsObjcg = h.designDef.info.refRules.kmemPagesPinObjcg;
  for (const [obj, o] of h.env.objects) {
    if (o.kind === 'page' && !pinsObjcg) continue;
    const origin = h.spec.objects.get(obj)!.origin;
    const objcg = after.objcgs.find((x) => x.name === origin);
    const want = spec.nearestLive(h.spec, origin);
    if (!objcg) return `${obj} was charged for ${origin}, whose obj_cgroup is missing`;
    if (objcg.memcg !== want) return `${obj} (charged for ${origin}) is charged to ${objcg.memcg}, expected the nearest live ancestor ${want}`;
  }
  return null;
};

const failedCharge: Check = ({ before, after, effect }) => {
  if (!effect.failedCharge || !before) return null;
  for (const m of after.memcgs) {
    const was = before.memcgs.find((x) => x.name === m.name)?.usage ?? 0;
    if (m.usage > was) return `-ENOMEM, yet memcg ${m.name} grew from ${was} to ${m.usage} pages`;
  }
  const total = (s: DesignState) => s.precharged.reduce((n, p) => n + p.bytes, 0);
  if (total(after) > total(before)) return `-ENOMEM, yet pre-charged bytes grew from ${total(before)} to ${total(after)}`;
  return null;
};

const CHECKS: Record<Exclude<InvariantName, 'quiescence'>, Check> = {
  conservation,
  'precharge-bound': prechargeBound,
  'counters-nonneg': countersNonneg,
  'counters-within-max': countersWithinMax,
  'no-warnings': noWarnings,
  'objcg-refs': objcgRefs,
  'memcg-refs': memcgRefs,
  ownership,
  'failed-charge': failedCharge,
};

/** Check every enabled per-step invariant, then the extra checks; throw the first violation. */
export function checkStep(h: Harness, before: DesignState | null, effect: StepEffect, n: number, call: string, action: Action | null): void {
  const ctx: StepContext = { h, before, after: h.state, effect, action };
  for (const name of h.options.invariants) {
    if (name === 'quiescence') continue;
    const msg = CHECKS[name](ctx);
    if (msg !== null) throw new InvariantViolation(name, n, call, msg);
  }
  for (const c of h.options.checks ?? []) {
    const msg = c.check(ctx);
    if (msg !== null) throw new InvariantViolation(c.name, n, call, msg);
  }
}

/** Quiescence, after the teardown (properties/quiescence.ts) has run. */
export function quiescent(s: DesignState): string | null {
  const m = s.memcgs.find((x) => x.name !== ROOT && !x.freed);
  if (m) return `memcg ${m.name} is not freed (${m.online ? 'online' : 'offline'}, ${m.refs} reference(s))`;
  const o = s.objcgs.find((x) => x.name !== ROOT && !x.released);
  if (o) return `obj_cgroup ${o.name} is not released (${o.refs} reference(s), memcg ${o.memcg})`;
  const c = s.cpus.find((x) => x.pageStock.some((p) => p.nrPages > 0) || objStockSlots(x).some((o) => o.nrBytes > 0) || x.workPending);
  if (c) return `cpu${c.cpu} still holds stock or work after drain_all_stock and its work ran`;
  const root = s.memcgs.find((x) => x.name === ROOT);
  if (root && root.usage < 0) return `root usage is ${root.usage} pages`;
  return null;
}
