/*
 * The failure store: replay tokens of failures found, kept under the
 * working directory (.memcg-verify/failures.json), like Hypothesis's
 * example database. `check` replays a design's stored failures before
 * searching, reports those that still fail straight away, and drops those
 * that pass; every new failure is saved.
 *
 * File format (version 1):
 *   { "version": 1, "failures": { "<design ref>": { "<property>": "<token>" } } }
 * The design ref is what tokens carry: a bundled name or a path relative
 * to the working directory. A file that does not parse is ignored (and
 * rewritten on the next save), never fatal.
 */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const STORE_PATH = join('.memcg-verify', 'failures.json');

interface StoreFile {
  version: 1;
  failures: Record<string, Record<string, string>>;
}

export class FailureStore {
  private data: StoreFile;
  readonly file: string;

  constructor(cwd: string) {
    this.file = join(cwd, STORE_PATH);
    this.data = read(this.file);
  }

  /** Stored tokens of `design`, by property. */
  tokens(design: string): Readonly<Record<string, string>> {
    return { ...(this.data.failures[design] ?? {}) };
  }

  save(design: string, property: string, token: string): void {
    (this.data.failures[design] ??= {})[property] = token;
    this.write();
  }

  drop(design: string, property: string): void {
    const d = this.data.failures[design];
    if (!d || !(property in d)) return;
    delete d[property];
    if (Object.keys(d).length === 0) delete this.data.failures[design];
    this.write();
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}

function read(file: string): StoreFile {
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreFile>;
    if (d.version === 1 && typeof d.failures === 'object' && d.failures !== null && isTokenMap(d.failures)) return { version: 1, failures: d.failures };
  } catch {
    // missing or unreadable: start empty
  }
  return { version: 1, failures: {} };
}

function isTokenMap(f: object): f is Record<string, Record<string, string>> {
  return Object.values(f).every((d) => typeof d === 'object' && d !== null && Object.values(d as object).every((t) => typeof t === 'string'));
}
