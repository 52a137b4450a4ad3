/*
 * Finding a design from the command line: a bundled name ("v6.18") or a
 * path to the user's own module ("./my-design.ts"), imported at run time
 * (bin/memcg-verify.mjs registers tsx, so TypeScript needs no build step).
 *
 * A module must export `design` (or a default export) shaped like a
 * `Design` (src/design.ts); what is missing is named, all of it at once,
 * so a first attempt needs one fix, not five. It may also export
 * `expected` (property -> "holds" | "fails"), the documented verdicts.
 */

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Design, DesignInfo, Verdict } from '../design.ts';
import { findProperty, PROPERTIES } from '../../properties/properties.ts';
import { OBJECTIONS } from '../../properties/objections/index.ts';
import { EXPECTED } from '../../properties/objections/expected.ts';
import { UsageError } from './io.ts';

export interface LoadedDesign {
  readonly design: Design;
  /** How to name it again (tokens, failure store): the bundled name, or the path relative to the cwd. */
  readonly ref: string;
  readonly source: 'bundled' | 'file';
  /** Documented verdicts; a property not listed is expected to hold. */
  readonly expected: Readonly<Record<string, Verdict>>;
}

/** A design reference is a path when it has a directory separator or a module extension. */
export function isPathRef(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(ts|mts|js|mjs)$/.test(ref);
}

/** "v6.18 (bundled)" or "my-design (./my-design.ts)": the design's name and where it came from. */
export function designLabel(loaded: LoadedDesign): string {
  return `${loaded.design.info.name} (${loaded.source === 'bundled' ? 'bundled' : loaded.ref})`;
}

/** The documented verdict of `loaded` on `property` (objection verdicts live in properties/objections/expected.ts). */
export function expectedVerdict(loaded: LoadedDesign, property: string): Verdict {
  const objection = OBJECTIONS.find((o) => o.property.name === property);
  if (objection) return EXPECTED[objection.id][loaded.design.info.name]?.verdict ?? 'holds';
  return loaded.expected[property] ?? 'holds';
}

export async function bundledDesigns(): Promise<readonly Design[]> {
  return (await importRegistry()).bundledDesigns;
}

/** The registry, imported once (it loads every bundled design). */
let registry: Promise<typeof import('../designs/index.ts')> | null = null;

function importRegistry(): Promise<typeof import('../designs/index.ts')> {
  registry ??= import('../designs/index.ts').catch((e: unknown) => {
    registry = null;
    throw new Error(`cannot load the bundled designs: ${oneLine(e)}`);
  });
  return registry;
}

/** Load a bundled design by name or a design module by path (relative to `cwd`). */
export async function loadDesign(ref: string, cwd: string): Promise<LoadedDesign> {
  if (ref.trim() === '') throw new UsageError('--design needs a bundled design name or a path to a design module');
  if (!isPathRef(ref)) {
    const bundled = await importRegistry();
    const design = bundled.findBundledDesign(ref);
    if (!design) {
      const names = bundled.bundledDesigns.map((d) => d.info.name).join(', ');
      throw new UsageError(`unknown design "${ref}"; bundled designs: ${names} (or give a path to a design module, e.g. ./my-design.ts)`);
    }
    return { design, ref, source: 'bundled', expected: checkExpected(design.info.expected ?? {}, ref) };
  }
  return loadModule(ref, cwd);
}

async function loadModule(ref: string, cwd: string): Promise<LoadedDesign> {
  const abs = resolve(cwd, ref);
  if (!existsSync(abs)) throw new UsageError(`design file not found: ${ref}`);
  if (statSync(abs).isDirectory()) throw new UsageError(`design path ${ref} is a directory; expected a .ts or .js module`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot load design module ${ref}: ${oneLine(e)}`);
  }
  const shown = normalizeRef(abs, cwd);
  const value = 'design' in mod ? mod['design'] : mod['default'];
  if (value === undefined) {
    const names = Object.keys(mod);
    throw new UsageError(
      `${ref} does not export a design: expected "export const design" or a default export, found ${names.length ? `exports ${names.join(', ')}` : 'no exports'}`,
    );
  }
  const design = validateDesign(value, ref);
  const expected = (mod['expected'] ?? design.info.expected ?? {}) as unknown;
  return { design, ref: shown, source: 'file', expected: checkExpected(expected, ref) };
}

/** "./dir/x.ts" relative to cwd, "/" separators; absolute when elsewhere on another root. */
export function normalizeRef(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  if (isAbsolute(rel)) return abs;
  const fwd = rel.split(sep).join('/');
  return fwd.startsWith('../') ? fwd : `./${fwd}`;
}

/* ------------------------------------------------------------ validation */

const REF_RULE_FIELDS: readonly [keyof DesignInfo['refRules'], string][] = [
  ['memcg', '"coupled" | "objcg-pins-memcg" | "pointers-only" | "none"'],
  ['kmemPagesPinObjcg', 'boolean'],
  ['taskObjcgCache', 'boolean'],
  ['origObjcgRef', 'boolean'],
  ['objcgs', 'boolean'],
];

/** Check that `value` looks like a Design; throws one line naming everything missing or mistyped. */
export function validateDesign(value: unknown, where: string): Design {
  const problems: string[] = [];
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) throw new UsageError(`${where}: the exported design is ${describe(v)}, expected an object with info and create()`);
  if (typeof v['create'] !== 'function') problems.push(`create() (found ${describe(v['create'])})`);
  const info = v['info'] as Record<string, unknown> | undefined;
  if (typeof info !== 'object' || info === null) problems.push(`info (found ${describe(info)})`);
  else {
    for (const k of ['name', 'title', 'kernel'] as const) if (typeof info[k] !== 'string' || info[k] === '') problems.push(`info.${k}: string (found ${describe(info[k])})`);
    for (const k of ['batch', 'stockSlots'] as const) if (typeof info[k] !== 'number') problems.push(`info.${k}: number (found ${describe(info[k])})`);
    if (typeof info['prechargeBound'] !== 'function') problems.push(`info.prechargeBound(config) (found ${describe(info['prechargeBound'])})`);
    const rules = info['refRules'] as Record<string, unknown> | undefined;
    if (typeof rules !== 'object' || rules === null) problems.push(`info.refRules (found ${describe(rules)})`);
    else
      for (const [k, type] of REF_RULE_FIELDS) {
        const ok = k === 'memcg' ? ['coupled', 'objcg-pins-memcg', 'pointers-only', 'none'].includes(rules[k] as string) : typeof rules[k] === 'boolean';
        if (!ok) problems.push(`info.refRules.${k}: ${type} (found ${describe(rules[k])})`);
      }
  }
  if (problems.length) throw new UsageError(`${where}: the exported design is missing or mistypes ${problems.join('; ')}`);
  return value as Design;
}

/** Documented verdicts must name known properties and say "holds" or "fails". */
function checkExpected(value: unknown, where: string): Record<string, Verdict> {
  if (typeof value !== 'object' || value === null) throw new UsageError(`${where}: expected must map property names to "holds" | "fails", found ${describe(value)}`);
  for (const [k, verdict] of Object.entries(value)) {
    if (!findProperty(k)) throw new UsageError(`${where}: expected names unknown property "${k}"; properties: ${PROPERTIES.map((p) => p.name).join(', ')}`);
    if (verdict !== 'holds' && verdict !== 'fails') throw new UsageError(`${where}: expected["${k}"] must be "holds" or "fails", found ${describe(verdict)}`);
  }
  return value as Record<string, Verdict>;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `${typeof v} ${String(v)}`;
}

/** An error as one line (esbuild's transform errors span several). */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}
