import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FailureStore, STORE_PATH } from './failure-store.ts';

describe('failure store', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'memcg-verify-store-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('saves tokens per design and property in .memcg-verify/failures.json, drops them, forgets empty designs', () => {
    const cwd = fresh();
    const s = new FailureStore(cwd);
    expect(s.tokens('v6.18')).toEqual({});
    s.save('v6.18', 'quiescence', 'mcv1.a');
    s.save('v6.18', 'conservation', 'mcv1.b');
    s.save('./mine.ts', 'ownership', 'mcv1.c');
    expect(new FailureStore(cwd).tokens('v6.18')).toEqual({ quiescence: 'mcv1.a', conservation: 'mcv1.b' });
    s.drop('v6.18', 'quiescence');
    s.drop('v6.18', 'never-stored');
    s.drop('./mine.ts', 'ownership');
    expect(JSON.parse(readFileSync(join(cwd, STORE_PATH), 'utf8'))).toEqual({ version: 1, failures: { 'v6.18': { conservation: 'mcv1.b' } } });
  });

  it('a file that does not parse or has another shape is ignored and rewritten on save', () => {
    for (const text of ['{ not json', '{"version": 2, "failures": {}}', '{"version": 1, "failures": {"x": {"p": 3}}}']) {
      const cwd = fresh();
      mkdirSync(join(cwd, '.memcg-verify'));
      writeFileSync(join(cwd, STORE_PATH), text);
      const s = new FailureStore(cwd);
      expect(s.tokens('x')).toEqual({});
      s.save('x', 'p', 'mcv1.t');
      expect(JSON.parse(readFileSync(join(cwd, STORE_PATH), 'utf8'))).toEqual({ version: 1, failures: { x: { p: 'mcv1.t' } } });
    }
  });
});
