/*
 * memcg-verify check --design NAME|FILE: one design against every
 * property. A path loads the user's module at run time. Failures saved in
 * the failure store (.memcg-verify/failures.json) are replayed first and
 * reported straight away while they still fail; new failures are saved.
 * Every counterexample is printed in full with its replay command.
 */

import { EXIT, UsageError, type CliIO, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import { designLabel, loadDesign } from './load-design.ts';
import { FailureStore } from './failure-store.ts';
import { budgetFlags, DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STEPS, DEFAULT_CPUS, helpText, parseFlags, runnerFlags, type FlagName } from './options.ts';
import { ProgressLine } from './progress.ts';
import { exitCode, reportDesignErrors, runSuite, type DesignReport } from './suite.ts';
import { designJson } from './suite-json.ts';
import { suiteMarkdown, writeMarkdown } from './suite-markdown.ts';
import { budgetLine, COST_NOTE, costTable, counterexampleTexts, designTable, summaryLine } from './suite-text.ts';

const FLAGS: readonly FlagName[] = ['design', 'runs', 'steps', 'seed', 'cpus', 'json', 'markdown', 'no-store', 'step-timeout', 'no-worker', 'help'];

export const run: Subcommand = async (args, io) => {
  const { flags } = parseFlags('check', args, FLAGS, { min: 0, max: 0, usage: 'no positional arguments (use --design NAME|FILE)' });
  if (flags.help) {
    const defaults = { runs: String(DEFAULT_RUNS), steps: String(DEFAULT_STEPS), seed: String(DEFAULT_SEED), cpus: String(DEFAULT_CPUS), 'step-timeout': String(DEFAULT_STEP_TIMEOUT_MS) };
    io.out(helpText('check', '--design NAME|FILE [options]', 'Check one design against every property.', FLAGS, defaults));
    return EXIT.OK;
  }
  if (flags.design === undefined) throw new UsageError('check: --design is required (a bundled design name, or a path such as ./my-design.ts)');
  const budget = budgetFlags(flags);
  const runner = new JobRunner(runnerFlags(flags, DEFAULT_STEP_TIMEOUT_MS));
  const store = flags['no-store'] ? null : new FailureStore(io.cwd);
  const progress = new ProgressLine(io);
  let reports: DesignReport[];
  try {
    const loaded = await loadDesign(flags.design, io.cwd);
    reports = await runSuite([loaded], { ...budget, cwd: io.cwd, store, costs: true }, runner, progress);
  } finally {
    progress.clear();
    await runner.close();
  }
  if (flags.markdown !== undefined) writeMarkdown(flags.markdown, io.cwd, suiteMarkdown(reports));
  if (flags.json) io.out(JSON.stringify(designJson(reports[0]!), null, 2));
  else printCheck(reports[0]!, io, flags.markdown);
  reportDesignErrors(reports, io);
  return exitCode(reports);
};

function printCheck(r: DesignReport, io: CliIO, markdown: string | undefined): void {
  const info = r.loaded.design.info;
  const out = [`design ${designLabel(r.loaded)}: ${info.title}; kernel ${info.kernel}`, budgetLine(r.budget, 1, r.results.length), ''];
  out.push(...designTable(r), '');
  out.push(...counterexampleTexts(r, () => true));
  out.push(`costs (${COST_NOTE}):`, ...costTable([r]), '');
  if (markdown !== undefined) out.push(`Markdown report written to ${markdown}`);
  out.push(summaryLine([r]));
  io.out(out.join('\n'));
}
