/*
 * The trace notation: one kernel call per line, the same text traces print
 * and scripts read.
 *
 *   [cpuN[/task]: ]function(arg, arg, key=value) [-> result]   [# comment]
 *
 * `cpuN:` is the CPU the call runs on; `cpuN/t0:` a call made by task t0,
 * which runs on cpuN. The result after `->` is what the step returned
 * (object names, -ENOMEM); scripts may keep or drop it, it is recomputed.
 */

import { ScriptError, type ParsedCall } from './actions.ts';

const LINE = /^(?:cpu(\d+)(?:\/([A-Za-z_]\w*))?:\s*)?([A-Za-z_][\w.]*)\s*\((.*)\)\s*(?:->.*)?$/;

/** Parse one non-empty, non-comment line. */
export function parseLine(text: string, line: number): ParsedCall {
  const m = LINE.exec(text.trim());
  if (!m) throw new ScriptError(line, `expected "[cpuN[/task]: ]function(args)", found "${text.trim()}"`);
  const args = m[4]!.trim() === '' ? [] : splitArgs(m[4]!);
  return { cpu: m[1] === undefined ? null : Number(m[1]), task: m[2] ?? null, fn: m[3]!, args, line };
}

/** Split on commas outside brackets: "A, 96, fail=[0,2]" -> ["A", "96", "fail=[0,2]"]. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Lines of a script with their numbers, blank lines and `#` comments dropped. */
export function scriptLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ text: raw.replace(/#.*$/, '').trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
}

/* ------------------------------------------------------------ formatting */

export function onCpu(cpu: number, call: string): string {
  return `cpu${cpu}: ${call}`;
}

export function byTask(cpu: number, task: string, call: string): string {
  return `cpu${cpu}/${task}: ${call}`;
}

/* --------------------------------------------------------------- parsing */

export function argCount(c: ParsedCall, n: number): void {
  if (c.args.length !== n) throw new ScriptError(c.line, `${c.fn} takes ${n} argument(s), found ${c.args.length}`);
}

export function argInt(c: ParsedCall, i: number, what: string, min = 0): number {
  const s = c.args[i] ?? '';
  const v = /^-?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new ScriptError(c.line, `${c.fn}: ${what} must be an integer >= ${min}, found "${s}"`);
  return v;
}

export function argName(c: ParsedCall, i: number, what: string): string {
  const s = c.args[i] ?? '';
  if (!/^[A-Za-z_]\w*$/.test(s)) throw new ScriptError(c.line, `${c.fn}: ${what} must be a name, found "${s}"`);
  return s;
}

/** `key=value` argument i, value parsed by `f`; `dflt` when absent. */
export function argKey<T>(c: ParsedCall, i: number, key: string, f: (v: string) => T | undefined, dflt: T): T {
  const s = c.args[i];
  if (s === undefined) return dflt;
  const m = new RegExp(`^${key}\\s*=\\s*(.*)$`).exec(s);
  const v = m ? f(m[1]!.trim()) : undefined;
  if (v === undefined) throw new ScriptError(c.line, `${c.fn}: expected ${key}=..., found "${s}"`);
  return v;
}

export function cpuOf(c: ParsedCall): number {
  if (c.cpu === null) throw new ScriptError(c.line, `${c.fn} runs on a CPU: write "cpuN: ${c.fn}(...)"`);
  return c.cpu;
}

export function taskOf(c: ParsedCall): { cpu: number; task: string } {
  if (c.cpu === null || c.task === null) throw new ScriptError(c.line, `${c.fn} is called by a task: write "cpuN/tK: ${c.fn}(...)"`);
  return { cpu: c.cpu, task: c.task };
}

/** "cpu3" -> 3 */
export function argCpu(c: ParsedCall, i: number): number {
  const m = /^cpu(\d+)$/.exec(c.args[i] ?? '');
  if (!m) throw new ScriptError(c.line, `${c.fn}: expected a CPU like cpu1, found "${c.args[i] ?? ''}"`);
  return Number(m[1]);
}
