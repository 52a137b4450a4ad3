import { afterAll, describe, expect, it } from 'vitest';
import { designLabel, expectedVerdict, isPathRef, loadDesign, normalizeRef, oneLine, validateDesign } from './load-design.ts';
import { exampleText, tempDesignDir } from './example-files.ts';
import { UsageError } from './io.ts';
import { findBundledDesign } from '../designs/index.ts';

describe('loading designs', () => {
  const tmp = tempDesignDir();
  tmp.write('default-export.ts', exampleText().replace('export const design: Design =', 'const design: Design =') + '\nexport default design;\n');
  tmp.write('with-expected.ts', `${exampleText()}\nexport const expected = { quiescence: 'fails' };\n`);
  tmp.write('bad-verdict.ts', `${exampleText()}\nexport const expected = { quiescence: 'sometimes' };\n`);
  tmp.write('null-design.ts', 'export const design = null;\n');
  tmp.write('empty.ts', 'export {};\n');
  tmp.write('plain.js', "export const design = { create() {}, info: 'none' };\n");
  afterAll(() => tmp.remove());

  it('a bundled name gives the registry design and its documented verdicts', async () => {
    const loaded = await loadDesign('v6.18', tmp.dir);
    expect(loaded.design).toBe(findBundledDesign('v6.18'));
    expect(loaded).toMatchObject({ ref: 'v6.18', source: 'bundled', expected: findBundledDesign('v6.18')!.info.expected ?? {} });
    expect(designLabel(loaded)).toBe('v6.18 (bundled)');
  });

  it('a default export is a design; module `expected` gives documented verdicts', async () => {
    const d = await loadDesign('./default-export.ts', tmp.dir);
    expect(d.design.info.name).toBe('page-per-object');
    expect(designLabel(d)).toBe('page-per-object (./default-export.ts)');
    const e = await loadDesign('with-expected.ts', tmp.dir);
    expect(e.ref).toBe('./with-expected.ts');
    expect(expectedVerdict(e, 'quiescence')).toBe('fails');
    expect(expectedVerdict(e, 'conservation')).toBe('holds');
  });

  it.each([
    ['./bad-verdict.ts', './bad-verdict.ts: expected["quiescence"] must be "holds" or "fails", found "sometimes"'],
    ['./null-design.ts', './null-design.ts: the exported design is null, expected an object with info and create()'],
    ['./empty.ts', './empty.ts does not export a design: expected "export const design" or a default export, found no exports'],
    ['./plain.js', './plain.js: the exported design is missing or mistypes info (found "none")'],
    ['  ', '--design needs a bundled design name or a path to a design module'],
  ])('%s: %s', async (ref, message) => {
    await expect(loadDesign(ref, tmp.dir)).rejects.toThrow(new UsageError(message));
  });

  it('names are paths when they have a separator or a module extension', () => {
    expect(['v6.18', 'sketch-2019'].map(isPathRef)).toEqual([false, false]);
    expect(['./x', 'a/b', 'x.ts', 'x.mjs', 'x.js', 'x.mts', 'a\\b'].map(isPathRef)).toEqual([true, true, true, true, true, true, true]);
  });

  it('refs are relative to the working directory with "/" separators', () => {
    expect(normalizeRef('/w/p/examples/x.ts', '/w/p')).toBe('./examples/x.ts');
    expect(normalizeRef('/w/other/x.ts', '/w/p')).toBe('../other/x.ts');
  });

  it('validation names every missing piece at once', () => {
    expect(() => validateDesign({}, 'mine')).toThrow(new UsageError('mine: the exported design is missing or mistypes create() (found nothing); info (found nothing)'));
    expect(() => validateDesign(42, 'mine')).toThrow(new UsageError('mine: the exported design is number 42, expected an object with info and create()'));
  });

  it('multi-line errors become one line', () => {
    expect(oneLine(new Error('Transform failed with 1 error:\n  x.ts:1:2: ERROR: Unexpected ";"\n'))).toBe('Transform failed with 1 error: x.ts:1:2: ERROR: Unexpected ";"');
    expect(oneLine('x'.repeat(500))).toHaveLength(400);
  });
});
