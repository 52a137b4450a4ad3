import { describe, expect, it } from 'vitest';
import { ProgressLine } from './progress.ts';
import { fakeIO } from './fake-io.ts';

describe('progress line', () => {
  it('on a terminal: one line, rewritten in place, removed at the end', () => {
    const io = fakeIO('.', true);
    const p = new ProgressLine(io);
    p.update('1/11 properties, 100 runs, 2000 steps', true);
    p.update('2/11 properties, 200 runs, 4000 steps', true);
    p.clear();
    expect(io.stderr).toHaveLength(3);
    expect(io.stderr[0]).toMatch(/^1\/11 properties, 100 runs, 2000 steps \(\d+\.\ds\)$/);
    expect(io.stderr[1]).toMatch(/^\x1b\[1A\x1b\[2K2\/11 properties, 200 runs, 4000 steps \(\d+\.\ds\)$/);
    expect(io.stderr[2]).toBe('\x1b[1A\x1b[2K\x1b[1A');
    expect(io.stdout).toEqual([]);
  });

  it('not a terminal: nothing at all', () => {
    const io = fakeIO('.', false);
    const p = new ProgressLine(io);
    p.update('1/11 properties', true);
    p.clear();
    expect(io.stderr).toEqual([]);
  });

  it('check on a terminal shows progress on stderr; the result on stdout is the same', async () => {
    const { main } = await import('./main.ts');
    const { exampleText, tempDesignDir } = await import('./example-files.ts');
    const tmp = tempDesignDir();
    try {
      const path = tmp.write('design.ts', exampleText());
      const args = ['check', '--design', path, '--runs', '10', '--steps', '10', '--no-worker', '--no-store'];
      const tty = fakeIO(tmp.dir, true);
      const pipe = fakeIO(tmp.dir, false);
      expect(await main(args, tty)).toBe(0);
      expect(await main(args, pipe)).toBe(0);
      expect(tty.text()).toBe(pipe.text());
      expect(pipe.stderr).toEqual([]);
      expect(tty.stderr.some((l) => /11\/11 properties, 110 runs, \d+ steps \(\d+\.\ds\)$/.test(l))).toBe(true);
      expect(tty.stderr.at(-1)).toBe('\x1b[1A\x1b[2K\x1b[1A');
    } finally {
      tmp.remove();
    }
  });
});
