import { describe, expect, it } from 'vitest';
import { markdownTable, textTable } from './tables.ts';

describe('tables', () => {
  it('text: columns padded to the widest cell, a rule under the header, right alignment', () => {
    expect(textTable(['design', 'runs'], [['v5.10', '500'], ['sketch-2019', '7']], ['left', 'right'])).toEqual([
      'design       runs',
      '-----------  ----',
      'v5.10         500',
      'sketch-2019     7',
    ]);
  });

  it('markdown: escaped pipes, alignment row', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']], ['left', 'right'])).toEqual(['| a | b |', '| --- | ---: |', '| x\\|y | 1 |']);
  });
});
