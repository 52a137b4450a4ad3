import { describe, expect, it } from 'vitest';
import { u32, u32Add, u32Sub, u32Wraps } from './u32.ts';
import { PAGE_SIZE } from './constants.ts';

describe('u32 arithmetic', () => {
  it('PAGE_SIZE - size wraps for size > PAGE_SIZE, as unsigned int does (objection 3)', () => {
    expect(u32Sub(PAGE_SIZE, PAGE_SIZE + 1)).toBe(4294967295);
    expect(u32Wraps(PAGE_SIZE, PAGE_SIZE + 1)).toBe(true);
    expect(u32Sub(PAGE_SIZE, 96)).toBe(4000);
    expect(u32Wraps(PAGE_SIZE, 96)).toBe(false);
  });
  it('adds modulo 2^32', () => {
    expect(u32Add(4294967295, 2)).toBe(1);
    expect(u32(-1)).toBe(4294967295);
  });
});
