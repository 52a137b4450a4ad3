/*
 * memcg-verify explore --design NAME|FILE --depth D: breadth-first
 * exploration of every sequence of at most D kernel calls over a small
 * scope (properties/explore/), with every invariant checked in every
 * state, the quiescence teardown from every state, and the shortest trace
 * of every violated invariant. --json prints one document whose shape is
 * fixed (timings under "perf").
 *
 * Exit 0 when nothing is violated that the design does not document as
 * failing, 1 otherwise, 2 for bad usage and for a design that throws or
 * never returns (explored in a worker with a per-call time limit).
 */

import { parseArgs } from 'node:util';
import { MAX_CPUS } from '../config.ts';
import { PAGE_SIZE } from '../kernel/constants.ts';
import { buildReport, formatReport, hasUnexpected, reportJson } from '../../properties/explore/report.ts';
import { DEFAULT_SCOPE, type Scope } from '../../properties/explore/scope.ts';
import { OBJECTIONS } from '../../properties/objections/index.ts';
import { findProperty, PROPERTIES, type PropertyDef } from '../../properties/properties.ts';
import { EXIT, UsageError, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import type { ExploreJob } from './jobs.ts';
import { loadDesign } from './load-design.ts';
import { ProgressLine } from './progress.ts';

const OPTIONS = {
  design: { type: 'string', value: 'NAME|FILE', doc: 'bundled design name or a path to a .ts/.js design module (required)' },
  depth: { type: 'string', value: 'D', doc: 'longest sequence of kernel calls explored, 0..12 (required)' },
  cpus: { type: 'string', value: 'N', doc: `simulated CPUs, 1..${MAX_CPUS}`, dflt: String(DEFAULT_SCOPE.nrCpus) },
  cgroups: { type: 'string', value: 'N', doc: 'non-root cgroups that may exist, A and B included, 2..8', dflt: String(DEFAULT_SCOPE.maxCgroups) },
  levels: { type: 'string', value: 'N', doc: 'deepest cgroup level (root is 0), 1..4', dflt: String(DEFAULT_SCOPE.maxLevel) },
  sizes: { type: 'string', value: 'LIST', doc: 'object sizes in bytes, comma-separated', dflt: DEFAULT_SCOPE.sizes.join(',') },
  objects: { type: 'string', value: 'N', doc: 'most live charged objects (slab, user charges, kmem pages), 0..8', dflt: String(DEFAULT_SCOPE.maxObjects) },
  users: { type: 'string', value: 'N', doc: 'most kernel users holding an obj_cgroup, 0..3', dflt: String(DEFAULT_SCOPE.maxUsers) },
  property: { type: 'string', value: 'NAME', doc: 'check one property (an invariant, refinement or an objection) instead of every invariant' },
  'max-states': { type: 'string', value: 'N', doc: 'stop after N distinct states (the report gives the depth completed)' },
  seconds: { type: 'string', value: 'S', doc: 'stop after about S seconds (the report gives the depth completed)' },
  symmetry: { type: 'boolean', value: '', doc: 'identify states that differ only by exchanging cpu0 and cpu1 (snapshot key: assumes the snapshot shows all state)' },
  'stop-when-found': { type: 'boolean', value: '', doc: 'stop once every check has its shortest violation (the depth it is found at is proven minimal)' },
  'no-teardown': { type: 'boolean', value: '', doc: 'do not run the quiescence teardown from every state (faster; misses teardown failures)' },
  'step-timeout': { type: 'string', value: 'MS', doc: 'per-call time limit for design calls, in milliseconds (the exploration runs in a worker)', dflt: String(DEFAULT_STEP_TIMEOUT_MS) },
  'no-worker': { type: 'boolean', value: '', doc: 'explore on the main thread: no time limit on design calls, no per-call watch (a debugger can stop inside the design)' },
  json: { type: 'boolean', value: '', doc: 'print one JSON document instead of text' },
  help: { type: 'boolean', value: '', doc: 'print this help' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; value: string; doc: string; dflt?: string }>;

type Flag = keyof typeof OPTIONS;

function help(): string {
  const rows = (Object.entries(OPTIONS) as [Flag, (typeof OPTIONS)[Flag]][]).map(([f, o]) => {
    const left = `  --${f}${o.value ? ` ${o.value}` : ''}`;
    return `${left.padEnd(22)} ${o.doc}${'dflt' in o ? ` (default ${o.dflt})` : ''}`;
  });
  return [
    'usage: memcg-verify explore --design NAME|FILE --depth D [options]',
    '',
    'Breadth-first exploration of every sequence of at most D kernel calls over a small scope; every',
    'invariant in every state, the quiescence teardown from every state, the shortest trace of each',
    'violated invariant, and the worst pre-charge reached.',
    '',
    'options:',
    ...rows,
  ].join('\n');
}

function parse(args: readonly string[]): Record<string, string | boolean | undefined> {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([f, o]) => [f, { type: o.type }])) as Record<string, { type: 'string' | 'boolean' }>;
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    if (positionals.length) throw new UsageError(`explore: expected no positional arguments (use --design NAME|FILE --depth D), found "${positionals[0]}"`);
    return values;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: string }).code;
    const flag = /'(-[^' ]+)/.exec(e instanceof Error ? e.message : '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`explore: unknown option ${flag}; expected one of: ${Object.keys(OPTIONS).map((f) => `--${f}`).join(', ')}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(String(e))) throw new UsageError(`explore: ${flag} takes no value`);
    throw new UsageError(`explore: ${flag || 'an option'} needs a value`);
  }
}

function int(flag: Flag, v: unknown, lo: number, hi: number, dflt?: number): number {
  if (v === undefined) {
    if (dflt === undefined) throw new UsageError(`explore: --${flag} is required`);
    return dflt;
  }
  const n = /^\d+$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new UsageError(`--${flag} must be an integer in ${lo}..${hi}, found "${String(v)}"`);
  return n;
}

function sizes(v: unknown): number[] {
  if (v === undefined) return [...DEFAULT_SCOPE.sizes];
  const parts = String(v).split(',').map((s) => s.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 64 * PAGE_SIZE);
  if (bad !== undefined || parts.length > 8) throw new UsageError(`--sizes must be 1 to 8 comma-separated sizes in 1..${64 * PAGE_SIZE} bytes, found "${String(v)}"`);
  return [...new Set(parts.map(Number))];
}

function properties(name: unknown): PropertyDef[] | undefined {
  if (name === undefined) return undefined;
  const p = findProperty(String(name)) ?? OBJECTIONS.find((o) => o.property.name === name)?.property;
  if (!p) {
    const known = [...PROPERTIES.map((x) => x.name), ...OBJECTIONS.map((o) => o.property.name)].join(', ');
    throw new UsageError(`unknown property "${String(name)}"; properties: ${known}`);
  }
  return [p];
}

export const run: Subcommand = async (args, io) => {
  const f = parse(args);
  if (f.help) {
    io.out(help());
    return EXIT.OK;
  }
  if (f.design === undefined) throw new UsageError('explore: --design is required (a bundled design name, or a path such as ./my-design.ts)');
  const depth = int('depth', f.depth, 0, 12);
  const scope: Scope = {
    ...DEFAULT_SCOPE,
    nrCpus: int('cpus', f.cpus, 1, MAX_CPUS, DEFAULT_SCOPE.nrCpus),
    maxCgroups: int('cgroups', f.cgroups, 2, 8, DEFAULT_SCOPE.maxCgroups),
    maxLevel: int('levels', f.levels, 1, 4, DEFAULT_SCOPE.maxLevel),
    sizes: sizes(f.sizes),
    maxObjects: int('objects', f.objects, 0, 8, DEFAULT_SCOPE.maxObjects),
    maxUsers: int('users', f.users, 0, 3, DEFAULT_SCOPE.maxUsers),
  };
  const props = properties(f.property);
  const maxStates = f['max-states'] === undefined ? undefined : int('max-states', f['max-states'], 1, 1e9);
  const seconds = f.seconds === undefined ? undefined : int('seconds', f.seconds, 1, 86_400);
  const stepTimeoutMs = int('step-timeout', f['step-timeout'], 1, 86_400_000, DEFAULT_STEP_TIMEOUT_MS);
  const loaded = await loadDesign(String(f.design), io.cwd);

  const job: ExploreJob = {
    kind: 'explore',
    design: loaded.ref,
    cwd: io.cwd,
    property: props ? props[0]!.name : null,
    options: {
      scope,
      depth,
      teardown: !f['no-teardown'],
      symmetry: Boolean(f.symmetry),
      stopWhenAllViolated: Boolean(f['stop-when-found']),
      ...(maxStates !== undefined ? { maxStates } : {}),
      ...(seconds !== undefined ? { maxMs: seconds * 1000 } : {}),
    },
  };
  // A design that never returns is stopped by the job runner's per-call time limit (in a worker).
  const runner = new JobRunner({ worker: !f['no-worker'], stepTimeoutMs, parallel: 1 });
  const progress = new ProgressLine(io);
  let result;
  try {
    result = await runner.run(job, loaded.design.info.name, (d, states) => progress.update(`explore ${loaded.design.info.name}: depth ${d} done, ${states} states`, true));
  } finally {
    progress.clear();
    await runner.close();
  }
  const rep = buildReport(loaded.design, result, loaded.ref, props ?? PROPERTIES);
  io.out(f.json ? JSON.stringify(reportJson(rep), null, 2) : formatReport(rep).join('\n'));
  // A design that threw is bad input, as in check: its shortest trace is in the report, the error on stderr.
  const thrown = result.violations.find((v) => v.check === 'design-error');
  if (thrown) {
    io.err(`memcg-verify: design ${loaded.design.info.name}: ${thrown.message}`);
    return EXIT.USAGE;
  }
  return hasUnexpected(rep) ? EXIT.FAILED : EXIT.OK;
};
