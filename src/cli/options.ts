/*
 * Flag parsing shared by the subcommands: node:util parseArgs in strict
 * mode, with every mistake turned into one UsageError line that names the
 * flag, what it expects and what was found ("--runs must be a positive
 * integer, found \"abc\"").
 *
 * Each subcommand lists the flags it accepts (`FlagName`s); values come
 * back typed and validated, with the defaults applied by the caller.
 */

import { parseArgs } from 'node:util';
import { MAX_CPUS } from '../config.ts';
import { UsageError } from './io.ts';

/** Every flag any subcommand takes, with its parseArgs type and help text. */
export const FLAGS = {
  design: { type: 'string', value: 'NAME|FILE', doc: 'bundled design name (see list) or a path to a .ts/.js design module' },
  runs: { type: 'string', value: 'N', doc: 'random command sequences per property' },
  steps: { type: 'string', value: 'N', doc: 'most commands in one sequence (teardown not counted)' },
  seed: { type: 'string', value: 'S', doc: 'fast-check seed (property i uses S+i)' },
  cpus: { type: 'string', value: 'N', doc: `simulated CPUs, 1..${MAX_CPUS}` },
  minutes: { type: 'string', value: 'M', doc: 'stop after about M minutes (decimals allowed)' },
  json: { type: 'boolean', value: '', doc: 'print one JSON document instead of text (schema in docs/cli.md)' },
  markdown: { type: 'string', value: 'FILE', doc: 'also write a Markdown report with Mermaid diagrams of counterexamples' },
  teardown: { type: 'boolean', value: '', doc: 'after the script, free everything, delete every cgroup and check quiescence' },
  'step-timeout': { type: 'string', value: 'MS', doc: 'per-step time limit for design calls, in milliseconds' },
  'no-worker': { type: 'boolean', value: '', doc: 'run designs on the main thread (no time limit; lets a debugger stop in the design)' },
  'no-store': { type: 'boolean', value: '', doc: 'neither replay nor save failures in .memcg-verify/failures.json' },
  help: { type: 'boolean', value: '', doc: 'print this help' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; value: string; doc: string }>;

export type FlagName = keyof typeof FLAGS;

export type FlagValues<F extends FlagName> = {
  [K in F]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

export interface Parsed<F extends FlagName> {
  readonly flags: FlagValues<F>;
  readonly positionals: readonly string[];
}

/**
 * Parse `args` for subcommand `cmd`, accepting only `allowed` flags and
 * between `min` and `max` positionals (named in `usage`).
 */
export function parseFlags<F extends FlagName>(
  cmd: string,
  args: readonly string[],
  allowed: readonly F[],
  positionals: { min: number; max: number; usage: string },
): Parsed<F> {
  const options = Object.fromEntries(allowed.map((f) => [f, { type: FLAGS[f].type }])) as Record<string, { type: 'string' | 'boolean' }>;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${cmd}: ${parseArgsMessage(e, allowed)}`);
  }
  const n = parsed.positionals.length;
  if (!parsed.values['help'] && (n < positionals.min || n > positionals.max)) {
    const found = n === 0 ? 'none' : parsed.positionals.map((p) => `"${p}"`).join(' ');
    throw new UsageError(`${cmd}: expected ${positionals.usage}, found ${n > positionals.max ? 'extra argument(s) ' : ''}${found}`);
  }
  return { flags: parsed.values as FlagValues<F>, positionals: parsed.positionals };
}

/** parseArgs' multi-line messages, as one line naming the flag. */
function parseArgsMessage(e: unknown, allowed: readonly string[]): string {
  const code = (e as { code?: string }).code;
  const msg = e instanceof Error ? e.message : String(e);
  const flag = /'(-[^' ]+)/.exec(msg)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}; expected one of: ${allowed.map((f) => `--${f}`).join(', ')}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(msg)) return `${flag} takes no value`;
    if (/ambiguous/.test(msg)) return `${flag} needs a value; for a value starting with "-", write ${flag}=VALUE`;
    return `${flag} needs a value`;
  }
  return msg.split('\n')[0]!;
}

/* ------------------------------------------------------------ values */

const INT = /^[+-]?\d+$/;

function found(v: string): string {
  return `found "${v}"`;
}

/** A positive integer flag, at most `max`; `dflt` when absent. */
export function positiveInt(flag: string, v: string | undefined, dflt: number, max = 1_000_000_000): number {
  if (v === undefined) return dflt;
  const n = INT.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, ${found(v)}`);
  if (n > max) throw new UsageError(`--${flag} must be at most ${max}, ${found(v)}`);
  return n;
}

/** An integer flag in lo..hi. */
export function intInRange(flag: string, v: string | undefined, dflt: number, lo: number, hi: number): number {
  if (v === undefined) return dflt;
  const n = INT.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new UsageError(`--${flag} must be an integer in ${lo}..${hi}, ${found(v)}`);
  return n;
}

/** A positive decimal number flag (minutes). */
export function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, ${found(v)}`);
  return n;
}

/** fast-check seeds are 32-bit signed integers. */
export const SEED_MIN = -0x80000000;
export const SEED_MAX = 0x7fffffff;

export function seedFlag(v: string | undefined, dflt: number): number {
  return intInRange('seed', v, dflt, SEED_MIN, SEED_MAX);
}

export function cpusFlag(v: string | undefined, dflt: number): number {
  return intInRange('cpus', v, dflt, 1, MAX_CPUS);
}

/** The seed property number i runs with: S+i, wrapped into the 32-bit range. */
export function propertySeed(seed: number, i: number): number {
  return (seed + i) | 0;
}

/* -------------------------------------------------------------- help */

/** Help text for a subcommand: usage line, what it does, its flags. */
export function helpText(cmd: string, usage: string, what: string, allowed: readonly FlagName[], defaults: Partial<Record<FlagName, string>> = {}): string {
  const rows = allowed.map((f) => {
    const left = `  --${f}${FLAGS[f].value ? ` ${FLAGS[f].value}` : ''}`;
    const d = defaults[f] !== undefined ? ` (default ${defaults[f]})` : '';
    return `${left.padEnd(26)} ${FLAGS[f].doc}${d}`;
  });
  return [`usage: memcg-verify ${cmd} ${usage}`.trimEnd(), '', what, '', 'options:', ...rows].join('\n');
}

/* ---------------------------------------------------- shared budgets */

/**
 * Default budget of the main job and of check: chosen so that the main
 * job (every bundled design x every property, plus costs) finishes in well
 * under a minute on two cores; docs/cli.md gives the measured time.
 */
export const DEFAULT_RUNS = 500;
export const DEFAULT_STEPS = 100;
export const DEFAULT_SEED = 1;
export const DEFAULT_CPUS = 2;

/** --runs, --steps, --seed, --cpus with the defaults above. */
export function budgetFlags(f: { runs?: string; steps?: string; seed?: string; cpus?: string }, runs = DEFAULT_RUNS, steps = DEFAULT_STEPS, seed = DEFAULT_SEED) {
  return {
    runs: positiveInt('runs', f.runs, runs),
    steps: positiveInt('steps', f.steps, steps, 10_000),
    seed: seedFlag(f.seed, seed),
    cpus: cpusFlag(f.cpus, DEFAULT_CPUS),
  };
}

/** --no-worker and --step-timeout as job runner options. */
export function runnerFlags(f: { 'no-worker'?: boolean; 'step-timeout'?: string }, dfltTimeoutMs: number) {
  return { worker: !f['no-worker'], stepTimeoutMs: positiveInt('step-timeout', f['step-timeout'], dfltTimeoutMs) };
}
