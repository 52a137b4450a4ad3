/*
 * The suite's results as a Markdown report (`--markdown FILE`): the
 * comparison table, the cost table, and every counterexample with its
 * numbered trace and a Mermaid sequence diagram (properties/report.ts),
 * ready for a mailing-list reply or a pull request.
 */

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownCounterexample } from '../../properties/report.ts';
import { UsageError } from './io.ts';
import type { DesignReport } from './suite.ts';
import { budgetLine, costMarkdown, COST_NOTE, MISMATCH, summaryLine, verdictCell } from './suite-text.ts';
import { markdownTable } from './tables.ts';

export function suiteMarkdown(reports: readonly DesignReport[]): string {
  const props = reports[0]?.results.map((c) => c.property) ?? [];
  const lines = [
    '# memcg-verify report',
    '',
    budgetLine(reports[0]!.budget, reports.length, props.length) + '.',
    '',
    ...reports.map((r) => `- **${r.loaded.design.info.name}** (\`${r.loaded.ref}\`): ${r.loaded.design.info.title}; kernel ${r.loaded.design.info.kernel}`),
    '',
    '## Verdicts',
    '',
    ...markdownTable(
      ['property', ...reports.map((r) => r.loaded.design.info.name)],
      props.map((p, i) => [p, ...reports.map((r) => verdictCell(r.results[i]!))]),
    ),
    '',
    `${summaryLine(reports)}. \`${MISMATCH}\` marks a verdict that is not what the design is documented to do.`,
    '',
    '## Costs',
    '',
    ...costMarkdown(reports),
    '',
    `Columns: ${COST_NOTE}.`,
    '',
  ];
  const failures = reports.flatMap((r) => r.results.filter((c) => c.result.counterexample).map((c) => ({ r, c })));
  if (failures.length) lines.push('## Counterexamples', '');
  for (const { r, c } of failures) {
    const how = c.asExpected ? 'documented' : 'not as documented';
    lines.push(markdownCounterexample(`${r.loaded.design.info.name} / ${c.property} (${how})`, c.result.counterexample!));
  }
  return lines.join('\n');
}

/** Write the report to `file` (relative to `cwd`); a write error is bad input (exit 2). */
export function writeMarkdown(file: string, cwd: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, file), text);
  } catch (e) {
    throw new UsageError(`cannot write --markdown ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
