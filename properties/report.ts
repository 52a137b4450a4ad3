/*
 * Printing states and traces for people: a state as a few aligned lines,
 * a counterexample as a numbered kernel log with the state after each step,
 * and, for mailing-list replies, Markdown with a Mermaid sequence diagram.
 */

import type { CpuState, DesignState, MemcgState } from '../src/design.ts';
import { PAGE_COUNTER_MAX } from '../src/kernel/constants.ts';
import { objStockSlots } from '../src/snapshot-lookup.ts';
import type { Counterexample } from './runner.ts';

function maxText(max: number): string {
  return max >= PAGE_COUNTER_MAX ? 'max' : String(max);
}

function memcgText(m: MemcgState): string {
  const life = m.freed ? 'freed' : m.online ? 'online' : 'offline';
  return `${m.name}: usage=${m.usage} max=${maxText(m.max)} refs=${m.refs} ${life}`;
}

function cpuText(c: CpuState): string {
  const slots = c.pageStock.filter((p) => p.nrPages > 0).map((p) => `${p.memcg}:${p.nrPages}p`);
  const obj = objStockSlots(c).map((o) => `${o.kind === 'memcg' ? 'memcg ' : ''}${o.cached}:${o.nrBytes}B`).join(' ') || '-';
  return `cpu${c.cpu}${c.online ? '' : ' (offline)'}: page stock [${slots.join(' ') || '-'}] obj stock [${obj}]${c.workPending ? ' work pending' : ''}`;
}

/** The state as lines: counters, CPUs' stocks, obj_cgroups, warnings. */
export function formatState(s: DesignState): string[] {
  const lines = [`memcg  ${s.memcgs.map(memcgText).join(' | ')}`];
  for (const c of s.cpus) lines.push(`       ${cpuText(c)}`);
  if (s.objcgs.length)
    lines.push(
      `objcg  ${s.objcgs
        .map((o) => `${o.name}->${o.memcg} refs=${o.refs} bytes=${o.nrChargedBytes}${o.released ? ' released' : o.killed ? ' killed' : ''}`)
        .join(' | ')}`,
    );
  const cached = s.tasks.filter((t) => t.cachedObjcg !== null);
  if (cached.length) lines.push(`tasks  ${cached.map((t) => `${t.name} current->objcg=${t.cachedObjcg}`).join(' | ')}`);
  for (const w of s.warnings) lines.push(`WARN   ${w.where}: ${w.message}`);
  return lines;
}

/** A counterexample as a numbered kernel log; teardown steps are marked. */
export function formatTrace(cx: Counterexample, withStates: boolean): string[] {
  const out: string[] = [];
  cx.trace.forEach((call, i) => {
    const tag = i >= cx.length ? ' (teardown)' : '';
    out.push(`${String(i + 1).padStart(3)}. ${call}${tag}`);
    if (withStates && cx.states[i]) for (const l of formatState(cx.states[i]!)) out.push(`       ${l}`);
  });
  out.push(`  => ${cx.failure.invariant} violated at step ${cx.failure.step}: ${cx.failure.message}`);
  out.push(`  replay: ${cx.replay}`);
  out.push(`  seed=${cx.seed} path="${cx.path}" replayPath="${cx.replayPath}"`);
  return out;
}

/* -------------------------------------------------------------- Markdown */

function cpuOfCall(call: string): string | null {
  return /^cpu(\d+)/.exec(call)?.[1] ?? null;
}

function mermaidText(s: string): string {
  return s.replace(/[;#]/g, ' ').replace(/->/g, '=');
}

/**
 * A Mermaid sequence diagram: CPUs, their stocks and the page counters as
 * participants; each step an arrow from the CPU that made the call, with a
 * note of what changed in stocks and counters.
 */
export function mermaid(cx: Counterexample): string {
  const cpus = [...new Set(cx.states.flatMap((s) => s.cpus.map((c) => c.cpu)))];
  const lines = ['sequenceDiagram', '  participant K as kernel'];
  for (const c of cpus) lines.push(`  participant cpu${c}`, `  participant S${c} as cpu${c} stocks`);
  lines.push('  participant PC as page counters');
  let prev: DesignState | null = null;
  cx.trace.forEach((call, i) => {
    const s = cx.states[i];
    const cpu = cpuOfCall(call);
    const from = cpu === null ? 'K' : `cpu${cpu}`;
    const text = mermaidText(call.replace(/^cpu\d+(\/\w+)?:\s*/, ''));
    lines.push(`  ${from}->>PC: ${i + 1}. ${text}`);
    if (s) {
      for (const c of s.cpus) {
        const before = prev?.cpus.find((x) => x.cpu === c.cpu);
        if (!before || cpuText(before) !== cpuText(c)) lines.push(`  Note over S${c.cpu}: ${mermaidText(cpuText(c).replace(/^cpu\d+[^:]*:\s*/, ''))}`);
      }
      const counters = s.memcgs.filter((m) => !m.freed).map((m) => `${m.name}=${m.usage}`).join(' ');
      const was = prev?.memcgs.filter((m) => !m.freed).map((m) => `${m.name}=${m.usage}`).join(' ');
      if (counters !== was) lines.push(`  Note over PC: ${counters}`);
      prev = s;
    }
  });
  lines.push(`  Note over K,PC: ${mermaidText(`${cx.failure.invariant}: ${cx.failure.message}`).slice(0, 300)}`);
  return lines.join('\n');
}

/** One counterexample as Markdown: the numbered trace and its diagram. */
export function markdownCounterexample(title: string, cx: Counterexample): string {
  const steps = cx.trace.map((c, i) => `${i + 1}. \`${c}\`${i >= cx.length ? ' (teardown)' : ''}`).join('\n');
  return [
    `### ${title}`,
    '',
    steps,
    '',
    `**${cx.failure.invariant}** violated at step ${cx.failure.step}: ${cx.failure.message}`,
    '',
    '```mermaid',
    mermaid(cx),
    '```',
    '',
    `Replay: \`memcg-verify replay ${cx.replay}\``,
    '',
  ].join('\n');
}
