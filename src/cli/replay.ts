/*
 * memcg-verify replay TOKEN: re-run one failure exactly from its token
 * (design, property, seed, path, replayPath, CPUs, max commands) and print
 * the trace with the full state after each step.
 *
 * A token that does not decode, names a design or property that does not
 * exist, or no longer fails is bad input: one line, exit 2. A reproduced
 * failure exits 1 unless the design is documented to fail that property.
 */

import type { DesignState } from '../design.ts';
import { MAX_CPUS } from '../config.ts';
import { decodeToken, type ReplayToken } from '../../properties/replay-token.ts';
import { allPropertyNames, findAnyProperty } from '../../properties/catalog.ts';
import { execute } from '../../properties/runner.ts';
import { lineCommands } from '../../properties/explore/trace.ts';
import { ScriptError } from '../../properties/actions.ts';
import { defaultWorld } from '../config.ts';
import { formatTrace } from '../../properties/report.ts';
import type { Counterexample, PropertyResult } from '../../properties/runner.ts';
import { EXIT, UsageError, type CliIO, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import { designLabel, expectedVerdict, loadDesign, type LoadedDesign } from './load-design.ts';
import { helpText, parseFlags, runnerFlags, type FlagName } from './options.ts';
import { designError } from './suite.ts';

const FLAGS: readonly FlagName[] = ['json', 'step-timeout', 'no-worker', 'help'];

/** One replayed step in --json output: the state uses DesignState's field names (src/design.ts). */
export interface ReplayStepJson {
  readonly n: number;
  readonly call: string;
  /** Part of the quiescence teardown, not of the generated sequence. */
  readonly teardown: boolean;
  readonly state: DesignState;
}

export interface ReplayJson {
  readonly design: string;
  readonly source: string;
  readonly property: string;
  readonly seed: number;
  readonly path: string;
  readonly replayPath: string;
  readonly nrCpus: number;
  readonly maxCommands: number;
  readonly verdict: 'fails';
  readonly expected: 'holds' | 'fails';
  readonly failure: Counterexample['failure'];
  readonly length: number;
  readonly steps: readonly ReplayStepJson[];
  readonly replay: string;
}

export const run: Subcommand = async (args, io) => {
  const { flags, positionals } = parseFlags('replay', args, FLAGS, { min: 1, max: 1, usage: 'one replay token' });
  if (flags.help) {
    io.out(helpText('replay', 'TOKEN [options]', 'Re-run a failure from its token and print every step with the state after it.', FLAGS, { 'step-timeout': String(DEFAULT_STEP_TIMEOUT_MS) }));
    return EXIT.OK;
  }
  const token = decode(positionals[0]!);
  const loaded = await loadTokenDesign(token, io.cwd);
  let result: PropertyResult;
  if (token.actions) result = replayActions(loaded, token, positionals[0]!.trim());
  else result = await replayRun(loaded, token, flags, io.cwd);
  const cx = result.counterexample;
  if (!cx)
    throw new UsageError(
      `replay token no longer fails: design ${loaded.design.info.name} holds ${token.property} on that sequence (seed ${token.seed}, path "${token.path}"); was the design changed?`,
    );
  const expected = expectedVerdict(loaded, token.property);
  if (flags.json) io.out(JSON.stringify(replayJson(token, loaded, cx, expected), null, 2));
  else printReplay(token, loaded, cx, expected, io);
  const err = designError(result);
  if (err) {
    io.err(`memcg-verify: design ${loaded.design.info.name}: ${err}`);
    return EXIT.USAGE;
  }
  return expected === 'fails' ? EXIT.OK : EXIT.FAILED;
};

/** A random-run token: re-run fast-check at its seed and path in a worker (with the step time limit). */
async function replayRun(loaded: LoadedDesign, token: ReplayToken, flags: Parameters<typeof runnerFlags>[0], cwd: string): Promise<PropertyResult> {
  const runner = new JobRunner({ ...runnerFlags(flags, DEFAULT_STEP_TIMEOUT_MS), parallel: 1 });
  try {
    return await runner.run(
      {
        kind: 'check',
        design: loaded.ref,
        cwd,
        property: token.property,
        seed: token.seed,
        numRuns: 1,
        maxCommands: token.maxCommands,
        nrCpus: token.nrCpus,
        path: token.path,
        replayPath: token.replayPath,
      },
      loaded.design.info.name,
    );
  } finally {
    await runner.close();
  }
}

/** An explorer token carries its calls: run them (and the teardown) in process. */
function replayActions(loaded: LoadedDesign, token: ReplayToken, text: string): PropertyResult {
  const prop = findAnyProperty(token.property)!;
  let ran: ReturnType<typeof execute>;
  try {
    ran = execute(loaded.design, defaultWorld(token.nrCpus), prop, lineCommands(token.actions!), true);
  } catch (e) {
    if (e instanceof ScriptError) throw new UsageError(`replay token's calls do not apply: ${e.message}`);
    throw e;
  }
  const trace = ran.h?.trace ?? [];
  const base = { design: loaded.design.info.name, property: prop.name, runs: 1, steps: trace.length, seed: token.seed };
  if (!ran.failure) return { ...base, verdict: 'holds', counterexample: null };
  const length = Math.min(token.actions!.length, ran.h?.teardownFrom ?? trace.length);
  return {
    ...base,
    verdict: 'fails',
    counterexample: { trace: trace.map((t) => t.call), states: trace.map((t) => t.state), failure: ran.failure, replay: text, seed: token.seed, path: '', replayPath: '', length, shrunkLength: length },
  };
}

function decode(text: string): ReplayToken {
  let t: ReplayToken;
  try {
    t = decodeToken(text.trim());
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (!findAnyProperty(t.property)) throw new UsageError(`replay token names unknown property "${t.property}"; properties: ${allPropertyNames().join(', ')}`);
  if (!Number.isInteger(t.nrCpus) || t.nrCpus < 1 || t.nrCpus > MAX_CPUS) throw new UsageError(`malformed replay token: nrCpus must be an integer in 1..${MAX_CPUS}, found ${t.nrCpus}`);
  if (!Number.isInteger(t.maxCommands) || t.maxCommands < 1) throw new UsageError(`malformed replay token: maxCommands must be a positive integer, found ${t.maxCommands}`);
  if (!Number.isInteger(t.seed)) throw new UsageError(`malformed replay token: seed must be an integer, found ${t.seed}`);
  return t;
}

async function loadTokenDesign(t: ReplayToken, cwd: string): Promise<LoadedDesign> {
  try {
    return await loadDesign(t.design, cwd);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`replay token names design "${t.design}": ${e.message}`);
    throw e;
  }
}

function printReplay(t: ReplayToken, loaded: LoadedDesign, cx: Counterexample, expected: string, io: CliIO): void {
  const out = [
    `replay: design ${designLabel(loaded)}, property ${t.property} (documented: ${expected}), ${t.nrCpus} CPUs, up to ${t.maxCommands} steps`,
    `${cx.length} generated step${cx.length === 1 ? '' : 's'}${cx.trace.length > cx.length ? ` and ${cx.trace.length - cx.length} teardown steps` : ''}; state after each step:`,
    '',
    ...formatTrace(cx, true),
  ];
  io.out(out.join('\n'));
}

export function replayJson(t: ReplayToken, loaded: LoadedDesign, cx: Counterexample, expected: 'holds' | 'fails'): ReplayJson {
  return {
    design: loaded.design.info.name,
    source: loaded.ref,
    property: t.property,
    seed: t.seed,
    path: t.path,
    replayPath: t.replayPath,
    nrCpus: t.nrCpus,
    maxCommands: t.maxCommands,
    verdict: 'fails',
    expected,
    failure: cx.failure,
    length: cx.length,
    steps: cx.trace.map((call, i) => ({ n: i + 1, call, teardown: i >= cx.length, state: cx.states[i]! })),
    replay: cx.replay,
  };
}
