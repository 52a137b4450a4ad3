/*
 * memcg-verify (no subcommand) / memcg-verify verify: the main job. Every
 * bundled design against every property with the default budget; prints
 * the comparison table (property x design), the cost table, and the
 * counterexamples: in full for verdicts that are not as documented, as a
 * replay command for documented failures. Exit 0 when every verdict is
 * what the designs are documented to do (DesignInfo.expected).
 */

import { EXIT, type CliIO, type Subcommand } from './io.ts';
import { DEFAULT_STEP_TIMEOUT_MS, JobRunner } from './job-runner.ts';
import { bundledDesigns, loadDesign } from './load-design.ts';
import { budgetFlags, DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STEPS, DEFAULT_CPUS, helpText, parseFlags, runnerFlags, type FlagName } from './options.ts';
import { ProgressLine } from './progress.ts';
import { exitCode, reportDesignErrors, runSuite, type DesignReport } from './suite.ts';
import { designJson } from './suite-json.ts';
import { suiteMarkdown, writeMarkdown } from './suite-markdown.ts';
import { budgetLine, comparisonTable, COST_NOTE, costTable, counterexampleTexts, MISMATCH, replayCommand, summaryLine } from './suite-text.ts';

const FLAGS: readonly FlagName[] = ['runs', 'steps', 'seed', 'cpus', 'json', 'markdown', 'step-timeout', 'no-worker', 'help'];

export const run: Subcommand = async (args, io) => {
  const { flags } = parseFlags('verify', args, FLAGS, { min: 0, max: 0, usage: 'no arguments' });
  if (flags.help) {
    const defaults = { runs: String(DEFAULT_RUNS), steps: String(DEFAULT_STEPS), seed: String(DEFAULT_SEED), cpus: String(DEFAULT_CPUS), 'step-timeout': String(DEFAULT_STEP_TIMEOUT_MS) };
    io.out(helpText('[verify]', '[options]', 'Verify every bundled design against every property; exit 0 when every verdict is as documented.', FLAGS, defaults));
    return EXIT.OK;
  }
  const budget = budgetFlags(flags);
  const runner = new JobRunner(runnerFlags(flags, DEFAULT_STEP_TIMEOUT_MS));
  const progress = new ProgressLine(io);
  let reports: DesignReport[];
  try {
    const designs = await Promise.all((await bundledDesigns()).map((d) => loadDesign(d.info.name, io.cwd)));
    reports = await runSuite(designs, { ...budget, cwd: io.cwd, store: null, costs: true }, runner, progress);
  } finally {
    progress.clear();
    await runner.close();
  }
  if (flags.markdown !== undefined) writeMarkdown(flags.markdown, io.cwd, suiteMarkdown(reports));
  if (flags.json) io.out(JSON.stringify(reports.map(designJson), null, 2));
  else printVerify(reports, io, flags.markdown);
  reportDesignErrors(reports, io);
  return exitCode(reports);
};

function printVerify(reports: readonly DesignReport[], io: CliIO, markdown: string | undefined): void {
  const props = reports[0]?.results.length ?? 0;
  const out: string[] = [`memcg-verify: ${budgetLine(reports[0]!.budget, reports.length, props)}`, ''];
  out.push(...comparisonTable(reports), '');
  out.push(`${MISMATCH} = not what the design is documented to do; "fails (N steps)" = length of the shrunk counterexample; n/a = the property says nothing about the design`, '');
  out.push(`costs (${COST_NOTE}):`, ...costTable(reports), '');
  const off = reports.flatMap((r) => counterexampleTexts(r, (c) => !c.asExpected));
  if (off.length) out.push('counterexamples not as documented:', '', ...off);
  const documented = reports.flatMap((r) =>
    r.results
      .filter((c) => c.asExpected && c.result.counterexample)
      .map((c) => `  ${r.loaded.design.info.name} / ${c.property}: ${c.result.counterexample!.failure.invariant} at step ${c.result.counterexample!.failure.step}; ${replayCommand(c.result.counterexample!.replay)}`),
  );
  if (documented.length) out.push('documented failures (replay one to read it step by step):', ...documented, '');
  if (markdown !== undefined) out.push(`Markdown report written to ${markdown}`);
  out.push(summaryLine(reports));
  io.out(out.join('\n'));
}
