/*
 * The one command list, and the glue between OpDefs and fast-check.
 *
 * `OpCommand` wraps an OpDef and its raw values: check() resolves them
 * against the model (never touching the design), run() applies the
 * resolved action as one harness step, toString() prints the kernel call
 * that ran, with its result.
 */

import fc from 'fast-check';
import { ScriptError, type Action, type ActionOf, type OpDef, type OpName, type ParsedCall } from '../actions.ts';
import type { Harness } from '../harness.ts';
import { parseLine } from '../notation.ts';
import { allocOp } from './alloc.ts';
import { attachOp } from './attach.ts';
import { cpuDownOp } from './cpu-down.ts';
import { cpuUpOp } from './cpu-up.ts';
import { drainAllOp } from './drain-all.ts';
import { freeOp } from './free.ts';
import { mkdirOp } from './mkdir.ts';
import { pagesAllocOp } from './pages-alloc.ts';
import { pagesFreeOp } from './pages-free.ts';
import { pagesSplitOp } from './pages-split.ts';
import { rmdirOp } from './rmdir.ts';
import { runOnOp } from './run-on.ts';
import { runWorkOp } from './run-work.ts';
import { setMaxOp } from './set-max.ts';
import { taskExitOp } from './task-exit.ts';
import { userChargeOp } from './user-charge.ts';
import { userGetOp } from './user-get.ts';
import { userPutOp } from './user-put.ts';
import { userUnchargeOp } from './user-uncharge.ts';

type AnyOp = { [K in OpName]: OpDef<K, any> }[OpName];

export const OPS: { [K in OpName]: OpDef<K, any> } = {
  mkdir: mkdirOp,
  rmdir: rmdirOp,
  setMax: setMaxOp,
  runOn: runOnOp,
  attach: attachOp,
  exit: taskExitOp,
  alloc: allocOp,
  free: freeOp,
  userGet: userGetOp,
  userCharge: userChargeOp,
  userUncharge: userUnchargeOp,
  userPut: userPutOp,
  pagesAlloc: pagesAllocOp,
  pagesSplit: pagesSplitOp,
  pagesFree: pagesFreeOp,
  drainAll: drainAllOp,
  runWork: runWorkOp,
  cpuDown: cpuDownOp,
  cpuUp: cpuUpOp,
};

function def<K extends OpName>(op: K): OpDef<K, any> {
  return OPS[op] as OpDef<K, any>;
}

/** Apply one action as a harness step; returns the result text. */
export function runAction(h: Harness, a: Action): string {
  const d = def(a.op) as OpDef<typeof a.op, unknown>;
  let result = '';
  h.step(
    a,
    () => withResult(d.format(a as never), result),
    () => {
      const r = d.apply(a as never, h);
      result = r.result;
      return r;
    },
  );
  return result;
}

export function withResult(call: string, result: string): string {
  return result ? `${call} -> ${result}` : call;
}

export function formatAction(a: Action): string {
  return (def(a.op) as OpDef<typeof a.op, unknown>).format(a as never);
}

export function invalidAction(h: Harness, a: Action): string | null {
  return (def(a.op) as OpDef<typeof a.op, unknown>).invalid(a as never, h);
}

/** Parse one script line into an action valid in this state, or throw ScriptError. */
export function parseAction(text: string, line: number, h: Harness): Action {
  const call: ParsedCall = parseLine(text, line);
  const d = (Object.values(OPS) as AnyOp[]).find((o) => o.fns.includes(call.fn));
  if (!d) throw new ScriptError(line, `unknown kernel call ${call.fn}(); known: ${Object.values(OPS).flatMap((o) => o.fns).join(', ')}`);
  const a = d.parse(call, h) as Action;
  const why = invalidAction(h, a);
  if (why) throw new ScriptError(line, why);
  return a;
}

/* -------------------------------------------------------------- fast-check */

export class OpCommand<K extends OpName> implements fc.Command<Harness, Harness> {
  private ran: { action: ActionOf<K>; result: string } | null = null;
  constructor(
    readonly def: OpDef<K, any>,
    readonly raw: unknown,
  ) {}

  check(m: Readonly<Harness>): boolean {
    return this.def.resolve(this.raw, m as Harness) !== null;
  }

  run(m: Harness): void {
    const action = this.def.resolve(this.raw, m)!;
    this.ran = { action, result: '' };
    this.ran.result = runAction(m, action as Action);
  }

  /** The action this command resolved to in its last run. */
  get action(): ActionOf<K> | null {
    return this.ran?.action ?? null;
  }

  toString(): string {
    return this.ran ? withResult(this.def.format(this.ran.action), this.ran.result) : `${this.def.op}(${JSON.stringify(this.raw)})`;
  }
}

/** Relative weights: charges and frees dominate, as they do in a kernel. */
const WEIGHTS: Partial<Record<OpName, number>> = { alloc: 6, free: 4, runOn: 2, attach: 2, mkdir: 2, rmdir: 2, setMax: 2, userCharge: 2, pagesAlloc: 2, pagesFree: 2 };

/** Ops the random runs generate (task exit is teardown-only). */
export const GENERATED_OPS: readonly OpName[] = (Object.keys(OPS) as OpName[]).filter((op) => op !== 'exit');

export function commandArbitraries(ops: readonly OpName[] = GENERATED_OPS): fc.Arbitrary<fc.Command<Harness, Harness>>[] {
  return ops.flatMap((op) => {
    const d = OPS[op] as OpDef<OpName, unknown>;
    const arb = d.raw.map((raw) => new OpCommand(d, raw) as fc.Command<Harness, Harness>);
    return Array.from({ length: WEIGHTS[op] ?? 1 }, () => arb);
  });
}

export interface CommandsOptions {
  readonly maxCommands: number;
  readonly replayPath?: string;
  readonly ops?: readonly OpName[];
}

/** The command-sequence arbitrary, sized so sequences really reach maxCommands. */
export function commandsArbitrary(o: CommandsOptions): fc.Arbitrary<Iterable<fc.Command<Harness, Harness>>> {
  return fc.commands(commandArbitraries(o.ops), { maxCommands: o.maxCommands, size: 'max', ...(o.replayPath ? { replayPath: o.replayPath } : {}) });
}
