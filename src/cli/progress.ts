/*
 * Progress on a terminal: one line on stderr, rewritten in place (runs
 * done, steps, elapsed), at most ten times a second. Nothing at all when
 * stderr is not a terminal, so logs and pipes stay clean.
 */

import type { CliIO } from './io.ts';

const EVERY_MS = 100;
/** Cursor up one line, clear it: the previous progress line is replaced. */
const REWRITE = '\x1b[1A\x1b[2K';

export class ProgressLine {
  private readonly start = Date.now();
  private shown = false;
  private last = 0;

  constructor(private readonly io: CliIO) {}

  /** Seconds since this progress line started, one decimal. */
  elapsed(): string {
    return `${((Date.now() - this.start) / 1000).toFixed(1)}s`;
  }

  /** Show `text` (throttled); `force` shows it regardless of the throttle. */
  update(text: string, force = false): void {
    if (!this.io.isTTY) return;
    const now = Date.now();
    if (!force && now - this.last < EVERY_MS) return;
    this.last = now;
    this.io.err(`${this.shown ? REWRITE : ''}${text} (${this.elapsed()})`);
    this.shown = true;
  }

  /** Remove the line, if one is shown. */
  clear(): void {
    if (!this.shown) return;
    this.io.err(`${REWRITE}\x1b[1A`);
    this.shown = false;
  }
}
