/*
 * memcg-verify run --design NAME|FILE SCRIPT: execute a script of kernel
 * calls, one per line in the notation traces print (properties/notation.ts),
 * so any printed counterexample can be pasted back; "-" reads stdin.
 *
 * After every step it prints the state and the verdict of every per-step
 * invariant, each checked on its own. A violation does not stop the
 * script: the run goes on, so the rest of the scenario can be read, and
 * the exit code is 1. With --teardown the quiescence teardown runs at the
 * end (every invariant checked, stopping at the first violation) and
 * quiescence is checked. A line that does not parse or does not apply in
 * the state reached, and a design that throws, stop the run: exit 2.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DesignState } from '../design.ts';
import { formatState } from '../../properties/report.ts';
import { EXIT, UsageError, type CliIO, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import type { ScriptRun, Verdict } from './jobs.ts';
import { designLabel, loadDesign, type LoadedDesign } from './load-design.ts';
import { cpusFlag, DEFAULT_CPUS, helpText, parseFlags, runnerFlags, type FlagName } from './options.ts';

const FLAGS: readonly FlagName[] = ['design', 'cpus', 'teardown', 'json', 'step-timeout', 'no-worker', 'help'];

export const run: Subcommand = async (args, io) => {
  const { flags, positionals } = parseFlags('run', args, FLAGS, { min: 1, max: 1, usage: 'one script file (or - for stdin)' });
  if (flags.help) {
    const what = 'Run a script of kernel calls (one per line, as traces print them) and print the state and invariant verdicts after each step.';
    io.out(helpText('run', '--design NAME|FILE SCRIPT|- [options]', what, FLAGS, { cpus: String(DEFAULT_CPUS), 'step-timeout': String(DEFAULT_STEP_TIMEOUT_MS) }));
    return EXIT.OK;
  }
  if (flags.design === undefined) throw new UsageError('run: --design is required (a bundled design name, or a path such as ./my-design.ts)');
  const nrCpus = cpusFlag(flags.cpus, DEFAULT_CPUS);
  const scriptName = positionals[0]!;
  const script = await readScript(scriptName, io.cwd);
  const loaded = await loadDesign(flags.design, io.cwd);
  const runner = new JobRunner({ ...runnerFlags(flags, DEFAULT_STEP_TIMEOUT_MS), parallel: 1 });
  let result: ScriptRun;
  try {
    result = await runner.run({ kind: 'script', design: loaded.ref, cwd: io.cwd, script, nrCpus, teardown: Boolean(flags.teardown) }, loaded.design.info.name);
  } finally {
    await runner.close();
  }
  if (flags.json) io.out(JSON.stringify(scriptJson(result, loaded), null, 2));
  else printRun(result, loaded, scriptName, io);
  if (result.error) {
    const where = result.error.kind === 'script' ? `script ${scriptName === '-' ? 'stdin' : scriptName}, ` : `design ${loaded.design.info.name}: `;
    io.err(`memcg-verify: ${where}${result.error.message}`);
    return EXIT.USAGE;
  }
  return violated(result) ? EXIT.FAILED : EXIT.OK;
};

/** The script text from a file or, for "-", from stdin. */
async function readScript(name: string, cwd: string): Promise<string> {
  if (name === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  const abs = resolve(cwd, name);
  if (!existsSync(abs)) throw new UsageError(`script file not found: ${name}`);
  if (statSync(abs).isDirectory()) throw new UsageError(`script ${name} is a directory; expected a text file, one kernel call per line`);
  return readFileSync(abs, 'utf8');
}

function violated(r: ScriptRun): boolean {
  return r.initial.violations.length > 0 || r.steps.some((s) => s.violations.length > 0) || (r.quiescence !== undefined && r.quiescence !== null);
}

/* ---------------------------------------------------------------- text */

function verdictLines(v: readonly Verdict[]): string[] {
  if (v.length === 0) return ['       invariants: all hold'];
  return v.map((x) => `       VIOLATED ${x.invariant}: ${x.message}`);
}

function stateLines(s: DesignState): string[] {
  return formatState(s).map((l) => `       ${l}`);
}

function printRun(r: ScriptRun, loaded: LoadedDesign, scriptName: string, io: CliIO): void {
  const out = [`run: design ${designLabel(loaded)}, script ${scriptName}, ${r.nrCpus} CPUs`, ''];
  out.push('  0. initial state', ...stateLines(r.initial.state), ...verdictLines(r.initial.violations));
  for (const s of r.steps) {
    const where = s.teardown ? ' (teardown)' : `   [line ${s.line}]`;
    out.push(`${String(s.n).padStart(3)}. ${s.call}${where}`, ...stateLines(s.state), ...verdictLines(s.violations));
  }
  out.push('');
  const teardownStop = r.steps.find((s) => s.teardown && s.violations.length > 0);
  if (teardownStop) out.push(`teardown stopped at step ${teardownStop.n} (${teardownStop.violations[0]!.invariant} violated); quiescence not checked`);
  if (r.quiescence !== undefined) out.push(r.quiescence === null ? 'quiescence: holds (nothing left after the teardown)' : `quiescence VIOLATED: ${r.quiescence}`);
  const bad = r.steps.filter((s) => s.violations.length > 0).map((s) => s.n);
  if (r.initial.violations.length) bad.unshift(0);
  const n = r.steps.filter((s) => !s.teardown).length;
  const verdict = bad.length ? `invariants violated at step${bad.length === 1 ? '' : 's'} ${bad.join(', ')}` : 'every invariant held after every step';
  out.push(r.error ? `stopped after ${n} script step${n === 1 ? '' : 's'}: ${r.error.message}` : `${n} script step${n === 1 ? '' : 's'}: ${verdict}`);
  io.out(out.join('\n'));
}

/* ---------------------------------------------------------------- JSON */

/** `run --json`: the schema is in docs/cli.md ("JSON: run"). */
export function scriptJson(r: ScriptRun, loaded: LoadedDesign) {
  return {
    design: r.design,
    source: loaded.ref,
    nrCpus: r.nrCpus,
    initial: r.initial,
    steps: r.steps,
    ...(r.quiescence !== undefined ? { quiescence: r.quiescence } : {}),
    violated: violated(r),
    error: r.error,
  };
}
