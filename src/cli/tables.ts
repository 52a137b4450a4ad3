/*
 * Tables for people: aligned plain-text columns for the terminal and
 * GitHub-flavoured Markdown tables for reports. Cells are strings; the
 * caller decides what goes in them.
 */

export type Align = 'left' | 'right';

/** Columns padded to their widest cell, two spaces apart, a dashed rule under the header. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => {
        const c = cells[i] ?? '';
        return align[i] === 'right' ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** A Markdown table; `|` in cells is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const rule = header.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [`| ${header.map(cell).join(' | ')} |`, `| ${rule.join(' | ')} |`, ...rows.map((r) => `| ${header.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`)];
}
