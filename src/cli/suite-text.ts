/*
 * The suite's results for people: the comparison table (property x
 * design), the cost table, and the counterexamples with their replay
 * commands. Used by verify (several designs) and check (one design).
 */

import { formatTrace } from '../../properties/report.ts';
import type { Counterexample } from '../../properties/runner.ts';
import { COST_FIELDS, type CostFigures } from './costs.ts';
import { designError, type Budget, type CheckedProperty, type DesignReport } from './suite.ts';
import { markdownTable, textTable, type Align } from './tables.ts';

/** Mark of a verdict that is not what the design is documented to do. */
export const MISMATCH = '!';

/** "3 steps", "3 steps + teardown": generated steps, teardown not counted. */
export function traceLength(cx: Counterexample): string {
  const n = `${cx.length} step${cx.length === 1 ? '' : 's'}`;
  return cx.trace.length > cx.length ? `${n} + teardown` : n;
}

/** A table cell: "holds", "fails (3 steps)", "design error (step 2)"; "!" when not as documented. */
export function verdictCell(c: CheckedProperty, long = false): string {
  const cx = c.result.counterexample;
  if (designError(c.result)) return `design error (step ${cx!.failure.step})`;
  let text: string;
  if (c.result.verdict === 'n/a') text = long && c.result.reason ? `n/a: ${c.result.reason}` : 'n/a';
  else if (c.result.verdict === 'holds') text = long ? `holds under ${c.result.runs} sequences / ${c.result.steps} steps` : 'holds';
  else text = `fails (${traceLength(cx!)})${c.fromStore ? ' [stored]' : ''}`;
  return c.asExpected ? text : `${MISMATCH} ${text}`;
}

export function budgetLine(b: Budget, designs: number, properties: number): string {
  const what = designs > 1 ? `${designs} designs x ${properties} properties` : `${properties} properties`;
  return `${what}: ${b.runs} sequences of up to ${b.steps} steps each, seed ${b.seed} (property i uses seed+i), ${b.cpus} CPUs`;
}

/** property x design, one column per design. */
export function comparisonTable(reports: readonly DesignReport[]): string[] {
  const names = reports[0]?.results.map((c) => c.property) ?? [];
  const header = ['property', ...reports.map((r) => r.loaded.design.info.name)];
  const rows = names.map((p, i) => [p, ...reports.map((r) => verdictCell(r.results[i]!))]);
  return textTable(header, rows);
}

/** One design's verdicts with runs and steps. */
export function designTable(r: DesignReport): string[] {
  return textTable(
    ['property', 'verdict', 'documented'],
    r.results.map((c) => [c.property, verdictCell(c, true), c.expected]),
  );
}

/* -------------------------------------------------------------- costs */

const COST_HEADER = ['design', 'charges', 'page_counter', 'objcg bytes', 'ref atomics', 'drains', 'refills', 'shared ops/charge', 'worst pre-charge/CPU', 'bound/CPU'];
const COST_ALIGN: Align[] = ['left', ...COST_HEADER.slice(1).map(() => 'right' as const)];

function costRow(name: string, c: CostFigures | null): string[] {
  if (!c) return [name, ...COST_HEADER.slice(1).map(() => '-')];
  const per = c.perCharge;
  const f = (n: number): string => n.toFixed(2);
  return [
    name,
    String(c.charges),
    ...COST_FIELDS.map((k) => (per ? f(per[k]) : '-')),
    per ? f(per.total) : '-',
    `${c.worstCpuPrechargeBytes} B`,
    `${c.boundCpuBytes} B`,
  ];
}

function costRows(reports: readonly DesignReport[]): string[][] {
  return reports.map((r) => costRow(r.loaded.design.info.name, r.costs));
}

export const COST_NOTE = 'shared-state operations per charge step, and the most pre-charged bytes one CPU held (docs/cli.md, "Cost table")';

export function costTable(reports: readonly DesignReport[]): string[] {
  return textTable(COST_HEADER, costRows(reports), COST_ALIGN);
}

export function costMarkdown(reports: readonly DesignReport[]): string[] {
  return markdownTable(COST_HEADER, costRows(reports), COST_ALIGN);
}

/* ----------------------------------------------------- counterexamples */

export function replayCommand(token: string): string {
  return `npx memcg-verify replay ${token}`;
}

/** A counterexample as printed under the tables: heading, numbered trace, failure, replay. */
export function counterexampleText(design: string, c: CheckedProperty): string[] {
  const cx = c.result.counterexample!;
  const threw = designError(c.result);
  const how = threw ? 'design error' : c.asExpected ? 'fails, as documented' : 'FAILS, not as documented';
  const stored = c.fromStore ? ' (replayed from the failure store)' : '';
  const lines = formatTrace(cx, false)
    .filter((l) => !l.startsWith('  replay: '))
    .map((l) => (threw && l.startsWith('  => ') ? `  => ${threw}` : l));
  return [
    `${design} / ${c.property}: ${how}, ${traceLength(cx)}${stored}`,
    ...lines,
    `  replay it step by step: ${replayCommand(cx.replay)}`,
    '',
  ];
}

/**
 * Counterexamples of `r` to print: those `wanted`, except that of the
 * properties that hit a design error only the first is shown (they are
 * usually one bug), with a note naming the others.
 */
export function counterexampleTexts(r: DesignReport, wanted: (c: CheckedProperty) => boolean): string[] {
  const name = r.loaded.design.info.name;
  const errors = r.results.filter((c) => designError(c.result));
  const out = r.results.filter((c) => c.result.counterexample && wanted(c) && !designError(c.result)).flatMap((c) => counterexampleText(name, c));
  if (errors.length === 0) return out;
  const more = errors.length > 1 ? [`  (${errors.slice(1).map((c) => c.property).join(', ')} hit design errors too)`, ''] : [];
  return [...counterexampleText(name, errors[0]!), ...more, ...out];
}

/** Verdict counts: "11 properties: 9 hold, 2 fail; all as documented". */
export function summaryLine(reports: readonly DesignReport[]): string {
  const all = reports.flatMap((r) => r.results);
  const holds = all.filter((c) => c.result.verdict === 'holds').length;
  const na = all.filter((c) => c.result.verdict === 'n/a').length;
  const errors = all.filter((c) => designError(c.result)).length;
  const off = all.filter((c) => !c.asExpected && !designError(c.result)).length;
  const fails = all.length - holds - na - errors;
  const counts = [`${holds} hold`, `${fails} fail`, ...(na ? [`${na} n/a`] : []), ...(errors ? [`${errors} design error${errors === 1 ? '' : 's'}`] : [])];
  const verdicts = `${all.length} verdict${all.length === 1 ? '' : 's'}: ${counts.join(', ')}`;
  const tail = off === 0 ? (errors ? 'the others as documented' : 'all as documented') : `${off} not as documented (marked ${MISMATCH})`;
  return `${verdicts}; ${tail}`;
}
