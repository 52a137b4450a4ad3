/*
 * Where a canonical key is written: a stream of tokens (tags, numbers,
 * strings), each starting with its type, so the stream can be read back
 * unambiguously. `StringSink` spells it out (exact keys, tests);
 * `HashSink` feeds it straight into two independent 32-bit MurmurHash3
 * lanes and gives a 64-bit fingerprint, so no key string is ever built.
 * A string enters the stream as its own 64-bit hash (cached: names and
 * constant fields repeat in every state), which adds a second birthday
 * bound over the few distinct strings, far below the first.
 */

import { fmix } from './fingerprint.ts';

export interface KeySink {
  /** A structure or section marker (a small code). */
  tag(code: number): void;
  num(n: number): void;
  str(s: string): void;
}

/** The tokens as text: `#code;`, `number,`, `length:string,`. */
export class StringSink implements KeySink {
  out = '';
  tag(code: number): void {
    this.out += `#${code};`;
  }
  num(n: number): void {
    this.out += `${n},`;
  }
  str(s: string): void {
    this.out += `${s.length}:${s},`;
  }
}

/*
 * Every token starts with a head word whose top byte is its type. A tag, and
 * a number that is a small non-negative integer (most numbers in a state:
 * counts, pages, indices), is that one word, its value in the low 24 bits;
 * other numbers and strings follow the head with words of their own, a
 * fixed count for each type or a length first. So the stream still reads
 * back one way, and a tag or small number costs one word, not two or three.
 */
const TYPE_TAG = 1 << 24;
const TYPE_SMALL = 2 << 24;
const TYPE_INT = 3 << 24;
const TYPE_NUM = 4 << 24;
const TYPE_STR = 5 << 24;
const SMALL = 1 << 24;

/** One MurmurHash3 (x86, 32-bit) block step of word `k` into `h`. */
function block(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Two MurmurHash3 lanes with different seeds over the token words: a 64-bit fingerprint. */
export class HashSink implements KeySink {
  private a = 0;
  private b = 0;
  private words = 0;
  private readonly strings = new Map<string, [number, number]>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.a = 0x9747b28c;
    this.b = 0x2545f491;
    this.words = 0;
  }

  private word(x: number): void {
    this.a = block(this.a, x);
    // The second lane sees each word rotated and offset, so its collisions are not the first lane's.
    this.b = block(this.b, ((x << 7) | (x >>> 25)) ^ 0x5bd1e995);
    this.words++;
  }

  tag(code: number): void {
    if ((code & (SMALL - 1)) !== code) throw new Error(`HashSink: tag ${code} out of range`);
    this.word(TYPE_TAG | code);
  }

  num(n: number): void {
    if ((n & (SMALL - 1)) === n) {
      // -0 too, as 0: the string key spells both "0"
      this.word(TYPE_SMALL | n);
    } else if (Number.isSafeInteger(n)) {
      this.word(TYPE_INT);
      this.word(n >>> 0);
      this.word(Math.floor(n / 4294967296) | 0);
    } else {
      this.word(TYPE_NUM);
      this.chars(String(n));
    }
  }

  str(s: string): void {
    // Strings repeat (names, constant fields): each is hashed once, to 64 bits, and cached.
    let h = this.strings.get(s);
    if (h === undefined) {
      const t = new HashSink();
      t.chars(s);
      h = t.digest();
      if (this.strings.size < 100_000) this.strings.set(s, h);
    }
    this.word(TYPE_STR);
    this.word(h[0]);
    this.word(h[1]);
  }

  private chars(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  /** The fingerprint of everything written since the last reset. */
  digest(): [number, number] {
    return [fmix(this.a ^ this.words), fmix(this.b ^ Math.imul(this.words, 0x9e3779b1))];
  }
}
