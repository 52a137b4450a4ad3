/*
 * The final minimisation pass after fast-check's shrinking: make a failing
 * command sequence 1-minimal, so that no single step can be dropped and no
 * single argument lowered while the same check still fails.
 *
 * fast-check shrinks within its own search order and stops at a local
 * minimum that may still carry a step or a large size it does not need.
 * This pass works on the raw values of each command (before they are
 * resolved against a state, so that dropping a step never leaves a later
 * one naming an object that no longer exists) and repeats, to a fixpoint:
 *   - drop one command, last first;
 *   - replace one command by a lowering of one of its raw values:
 *     indices towards 0 (the first task, CPU, cgroup or object in the
 *     lists they pick from), sizes down a ladder of canonical sizes
 *     (1, 8, 64, 512, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, ...),
 *     flags to false, lists shorter;
 *   - when neither helps, drop two steps at once (steps that only matter
 *     together), then drop one step while re-tuning another one argument
 *     in either direction (`retuneRaw`): two 1-byte allocations and a CPU
 *     move do what one page-sized allocation does, and no single drop or
 *     lowering can see it. On objection 2 this took v5.10's and v6.18's
 *     seed-1 traces from 5 steps to the shortest, 4;
 *   - last, replace two steps by one call of a canonical vocabulary
 *     (`vocabulary`): a kernel user's get and charge by one slab
 *     allocation. With it objections 1 and 3 end at their shortest length
 *     on every seed measured (BENCHMARKS.md).
 * The last two moves cost L^2 runs (times the vocabulary for the last)
 * and are tried on traces of at most RETUNE_MAX_STEPS steps.
 * A lowering counts only if every step still prints as a call that parses
 * back to itself (a bulk allocation of 0 objects, say, does not), so
 * reports and tokens stay replayable.
 * Every accepted change makes the sequence strictly smaller (fewer
 * commands, or the same number with a smaller sum of raw magnitudes), so
 * the pass ends; it is
 * deterministic, so the same input gives the same output.
 */

import fc from 'fast-check';
import type { Design, WorldConfig } from '../src/design.ts';
import { PAGE_SIZE } from '../src/kernel/constants.ts';
import type { Action, OpDef, OpName } from './actions.ts';
import { formatAction, GENERATED_OPS, OpCommand, OPS, parseAction } from './commands/index.ts';
import type { Harness } from './harness.ts';
import type { PropertyDef } from './properties.ts';
import { execute } from './runner.ts';

type Cmd = fc.Command<Harness, Harness>;

/** Longest trace the drop-and-retune and pair-to-one moves are tried on (they cost L^2 runs and more). */
export const RETUNE_MAX_STEPS = 12;

/** Sizes a RawSize base is lowered through, smallest first. */
export const SIZE_LADDER: readonly number[] = [1, 8, 64, 512, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE - 1, 2 * PAGE_SIZE, 2 * PAGE_SIZE + 1];

/** Integers below |n| a raw number is tried at, most aggressive first (0, the first choices, halving, one less). */
function lowerNumber(n: number): number[] {
  const mag = Math.abs(n);
  const out = [0, 1, 2, 3, Math.trunc(n / 2), n - Math.sign(n)].filter((c) => Math.abs(c) < mag);
  return [...new Set(out)];
}

function isRawSize(v: unknown): v is { base: number; percpu: boolean } {
  const o = v as Record<string, unknown>;
  return typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).length === 2 && typeof o['base'] === 'number' && typeof o['percpu'] === 'boolean';
}

/** Every raw value one step lower than `v` (one number, flag, list entry or size changed). */
export function lowerRaw(v: unknown): unknown[] {
  if (typeof v === 'number') return lowerNumber(v);
  if (typeof v === 'boolean') return v ? [false] : [];
  if (Array.isArray(v)) {
    const drops = v.map((_, i) => v.filter((__, j) => j !== i));
    const lowered = v.flatMap((x, i) => lowerRaw(x).map((y) => v.map((z, j) => (j === i ? y : z))));
    return v.length > 1 ? [...drops, ...lowered] : lowered;
  }
  if (isRawSize(v)) {
    const out: unknown[] = [];
    if (v.percpu) out.push({ base: v.base, percpu: false });
    for (const base of SIZE_LADDER) if (base < v.base) out.push({ base, percpu: v.percpu });
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.keys(o).flatMap((k) => lowerRaw(o[k]).map((y) => ({ ...o, [k]: y })));
  }
  return [];
}

/**
 * Every raw value one argument away from `v` in either direction: small
 * indices 0..3, every size of the ladder, a flag flipped. Used only
 * together with dropping another step, so the sequence still gets shorter.
 */
export function retuneRaw(v: unknown): unknown[] {
  if (typeof v === 'number') return [0, 1, 2, 3].filter((c) => c !== v);
  if (typeof v === 'boolean') return [!v];
  if (Array.isArray(v)) return v.flatMap((x, i) => retuneRaw(x).map((y) => v.map((z, j) => (j === i ? y : z))));
  if (isRawSize(v)) return SIZE_LADDER.filter((base) => base !== v.base).map((base) => ({ base, percpu: v.percpu }));
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.keys(o).flatMap((k) => retuneRaw(o[k]).map((y) => ({ ...o, [k]: y })));
  }
  return [];
}

/** Canonical sizes a vocabulary call may have: small, and around a page. */
const VOCAB_SIZES = [1, 8, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1];

/** Every canonical form of a raw value shaped like `v`: each choice among the first three, each canonical size, both flags. */
function canonicalForms(v: unknown): unknown[] {
  if (typeof v === 'number') return v < 0 ? [-1, 0, 1] : [0, 1, 2];
  if (typeof v === 'boolean') return [false, true];
  if (Array.isArray(v)) return [[0], [1], [0, 1]];
  if (isRawSize(v)) return VOCAB_SIZES.map((base) => ({ base, percpu: false }));
  if (typeof v === 'object' && v !== null) {
    let out: Record<string, unknown>[] = [{}];
    for (const [k, x] of Object.entries(v)) out = out.flatMap((o) => canonicalForms(x).map((y) => ({ ...o, [k]: y })));
    return out;
  }
  return [v];
}

let vocab: Cmd[] | null = null;

/**
 * Every kernel call in canonical form: for each generated op, every
 * combination of canonical values of its raw fields (the shape taken from
 * one seeded sample of the op's generator). A pair of steps may be
 * replaced by one of these: a kernel user's get and charge by a slab
 * allocation, a page split by a plain allocation.
 */
export function vocabulary(): readonly Cmd[] {
  if (vocab) return vocab;
  vocab = GENERATED_OPS.flatMap((op) => {
    const def = OPS[op] as OpDef<OpName, unknown>;
    const [shape] = fc.sample(def.raw, { seed: 1, numRuns: 1 });
    return canonicalForms(shape).map((raw) => new OpCommand(def, raw) as Cmd);
  });
  return vocab;
}

/** The commands one re-tuning away from `c` (none for commands that are not OpCommands). */
export function retunings(c: Cmd): Cmd[] {
  const op = opCommand(c);
  return op ? retuneRaw(op.raw).map((raw) => new OpCommand(op.def, raw)) : [];
}

/** The OpCommand inside `c`: fast-check hands back its commands wrapped (CommandWrapper's `cmd`). */
function opCommand(c: Cmd): OpCommand<OpName> | null {
  const inner: unknown = c instanceof OpCommand ? c : (c as { cmd?: unknown }).cmd;
  return inner instanceof OpCommand ? (inner as OpCommand<OpName>) : null;
}

/** The commands one lowering away from `c` (none for commands that are not OpCommands). */
export function lowerings(c: Cmd): Cmd[] {
  const op = opCommand(c);
  return op ? lowerRaw(op.raw).map((raw) => new OpCommand(op.def, raw)) : [];
}

/** A step whose call does not print as a line that parses back to it. */
class Unprintable extends Error {}

/** `c`, checking when it runs that its call prints and parses back the same. */
function printable(c: Cmd): Cmd {
  const op = opCommand(c);
  if (!op) return c;
  return {
    check: (m) => c.check(m),
    run: (m, r) => {
      const a = op.def.resolve(op.raw, m as Harness) as Action | null;
      if (a) {
        const line = formatAction(a);
        let back: string;
        try {
          back = formatAction(parseAction(line, 0, m as Harness));
        } catch {
          throw new Unprintable(line);
        }
        if (back !== line) throw new Unprintable(line);
      }
      c.run(m, r);
    },
    toString: () => c.toString(),
  };
}

/** True when `cmds`, every step printable, fail with check `want` as the runner executes them. */
function failsWith(design: Design, config: WorldConfig, prop: PropertyDef, cmds: readonly Cmd[], want: string): boolean {
  try {
    return execute(design, config, prop, cmds.map(printable), false).failure?.invariant === want;
  } catch (e) {
    if (e instanceof Unprintable) return false;
    throw e;
  }
}

/**
 * Minimise `cmds`, which fail with check `want`, to a 1-minimal sequence
 * that still fails with `want`: no single drop and no single lowering
 * (`lowerings`) of it does, and no drop of two steps at once either; on
 * traces of at most RETUNE_MAX_STEPS steps, neither does dropping one
 * step while re-tuning another (`retunings`) nor replacing two steps by
 * one call of the vocabulary (`vocabulary`).
 */
export function minimiseCommands(design: Design, config: WorldConfig, prop: PropertyDef, cmds: readonly Cmd[], want: string): Cmd[] {
  let cur = [...cmds];
  const fails = (next: readonly Cmd[]): boolean => failsWith(design, config, prop, next, want);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const next = cur.filter((_, j) => j !== i);
      if (fails(next)) {
        cur = next;
        changed = true;
      }
    }
    for (let i = 0; i < cur.length; i++) {
      for (let lowered = true; lowered; ) {
        lowered = false;
        for (const c of lowerings(cur[i]!)) {
          const next = cur.map((x, j) => (j === i ? c : x));
          if (fails(next)) {
            cur = next;
            changed = lowered = true;
            break;
          }
        }
      }
    }
    // Steps that only matter together (a task moved away and back) go in
    // pairs: tried only once no single drop or lowering helps.
    if (!changed) changed = takeFirstFailing(pairsDropped(cur));
    // A step may be dropped once another one changes: a size raised to a
    // full page does with one allocation what a CPU move and a small one
    // did. Tried last, and on short traces only (it costs L^2 runs).
    if (!changed && cur.length <= RETUNE_MAX_STEPS) changed = takeFirstFailing(droppedAndRetuned(cur));
    // Last, two steps may do what one other call does.
    if (!changed && cur.length <= RETUNE_MAX_STEPS) changed = takeFirstFailing(pairsToOne(cur));
  }
  return cur;

  /** Move to the first candidate that still fails; true if one did. */
  function takeFirstFailing(candidates: Iterable<Cmd[]>): boolean {
    for (const next of candidates)
      if (fails(next)) {
        cur = next;
        return true;
      }
    return false;
  }
}

/* The larger moves, as candidate sequences in the order they are tried (generated lazily: the first that fails ends the move). */

function* pairsDropped(cur: readonly Cmd[]): Generator<Cmd[]> {
  for (let i = cur.length - 1; i > 0; i--) for (let j = i - 1; j >= 0; j--) yield cur.filter((_, k) => k !== i && k !== j);
}

function* droppedAndRetuned(cur: readonly Cmd[]): Generator<Cmd[]> {
  for (let i = cur.length - 1; i >= 0; i--)
    for (let j = 0; j < cur.length; j++) {
      if (j === i) continue;
      for (const c of retunings(cur[j]!)) yield cur.flatMap((x, k) => (k === i ? [] : k === j ? [c] : [x]));
    }
}

function* pairsToOne(cur: readonly Cmd[]): Generator<Cmd[]> {
  for (let j = cur.length - 1; j > 0; j--)
    for (let i = j - 1; i >= 0; i--) {
      const rest = cur.filter((_, k) => k !== i && k !== j);
      // the one call goes where the first of the pair was, or where the second was
      const at = i === j - 1 ? [i] : [i, j - 1];
      for (const c of vocabulary()) for (const p of at) yield [...rest.slice(0, p), c, ...rest.slice(p)];
    }
}

/** True when no single drop or lowering of `cmds` still fails with `want` (for tests). */
export function isOneMinimal(design: Design, config: WorldConfig, prop: PropertyDef, cmds: readonly Cmd[], want: string): boolean {
  const fails = (next: readonly Cmd[]): boolean => failsWith(design, config, prop, next, want);
  for (let i = 0; i < cmds.length; i++) {
    if (fails(cmds.filter((_, j) => j !== i))) return false;
    for (const c of lowerings(cmds[i]!)) if (fails(cmds.map((x, j) => (j === i ? c : x)))) return false;
  }
  return true;
}
