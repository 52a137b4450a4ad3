/*
 * Actions: one resolved kernel call, as data.
 *
 * Every way of driving a design goes through these: fast-check commands
 * resolve raw generated values into an Action against the current state,
 * scripts parse one Action per line, replays and the explorer enumerate
 * them. Each Action kind has one definition (an `OpDef`, one file each in
 * properties/commands/) that knows how to generate it, apply it to the
 * design and the spec, print it as the kernel call it stands for, and parse
 * that line back.
 */

import type fc from 'fast-check';
import type { CgroupName, ObjName, TaskName, UserName } from '../src/design.ts';
import type { Harness } from './harness.ts';

export type Action =
  | { op: 'mkdir'; name: CgroupName; parent: CgroupName }
  | { op: 'rmdir'; cpu: number; name: CgroupName }
  | { op: 'setMax'; cpu: number; cgroup: CgroupName; pages: number }
  | { op: 'runOn'; task: TaskName; cpu: number }
  | { op: 'attach'; task: TaskName; cgroup: CgroupName }
  | { op: 'exit'; task: TaskName }
  | { op: 'alloc'; task: TaskName; cpu: number; cgroup: CgroupName; size: number; count: number; fail: readonly number[] }
  | { op: 'free'; cpu: number; objs: readonly ObjName[] }
  | { op: 'userGet'; task: TaskName; cpu: number; cgroup: CgroupName }
  | { op: 'userCharge'; cpu: number; user: UserName; size: number }
  | { op: 'userUncharge'; cpu: number; user: UserName; obj: ObjName }
  | { op: 'userPut'; user: UserName }
  | { op: 'pagesAlloc'; task: TaskName; cpu: number; cgroup: CgroupName; order: number }
  | { op: 'pagesSplit'; page: ObjName }
  | { op: 'pagesFree'; cpu: number; page: ObjName }
  | { op: 'drainAll'; cpu: number; root: CgroupName }
  | { op: 'runWork'; cpu: number }
  | { op: 'cpuDown'; cpu: number }
  | { op: 'cpuUp'; cpu: number };

export type OpName = Action['op'];
export type ActionOf<K extends OpName> = Extract<Action, { op: K }>;

/** A parsed trace line: `[cpuN[/task]: ]fn(args...) [-> result]`. */
export interface ParsedCall {
  readonly cpu: number | null;
  readonly task: string | null;
  readonly fn: string;
  readonly args: readonly string[];
  readonly line: number;
}

export interface OpDef<K extends OpName, Raw = unknown> {
  readonly op: K;
  /** The kernel function names this op prints (the first is the main one). */
  readonly fns: readonly string[];
  /** One line for `list` and the README. */
  readonly doc: string;
  /** Raw values, brought into range by `resolve` when the command runs. */
  readonly raw: fc.Arbitrary<Raw>;
  /** The action these raw values stand for in this state, or null if none applies. */
  resolve(raw: Raw, h: Harness): ActionOf<K> | null;
  /** Why `a` cannot run in this state, or null if it can (scripts, replays, explorer). */
  invalid(a: ActionOf<K>, h: Harness): string | null;
  /** Run it on the design and the spec; returns the result as printed after `->`. */
  apply(a: ActionOf<K>, h: Harness): { result: string; failedCharge: boolean };
  /** The kernel call, without the result. */
  format(a: ActionOf<K>): string;
  /** Inverse of `format` (the caller has matched `fns`). Throws ScriptError. */
  parse(call: ParsedCall, h: Harness): ActionOf<K>;
}

/** A script line that does not parse or does not apply; one line, with its line number. */
export class ScriptError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'ScriptError';
  }
}

/** list[ix mod length]: how raw indices are brought into range. */
export function pick<T>(list: readonly T[], ix: number): T | undefined {
  return list.length === 0 ? undefined : list[ix % list.length];
}
