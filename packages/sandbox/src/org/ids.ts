/*
 * Deterministic ids and randomness. Derived ids are hashes of a stable key
 * (account, region, VPC name…) so the same file always yields the same ids and
 * nothing needs to be stored.
 *
 * The hash is SHA-256, for its width rather than for security: a 5,000-account
 * organisation in 4 regions derives ~90,000 subnet ids, and ids drawn from a
 * 32-bit hash would collide there (birthday bound ~77,000). One-shot
 * `crypto.hash` is native, so it costs ~1 µs per id, also under Jest.
 */
import { hash } from 'node:crypto';

// Bound once: under Jest's vm context every `Math.` lookup inside a hot loop goes
// through the context's global interceptor and costs ~100× more.
const imul = Math.imul;

/** Round 0 hashes `key`; later rounds `key#1`, `key#2`… when an id needs more than 256 bits. */
function roundKey(key: string, round: number): string {
  return round === 0 ? key : `${key}#${round}`;
}

/** A lowercase hex string of `length` characters derived from `key`. */
export function hashHex(key: string, length: number): string {
  let out = hash('sha256', key, 'hex');
  for (let round = 1; out.length < length; round++) {
    out += hash('sha256', roundKey(key, round), 'hex');
  }
  return out.length === length ? out : out.slice(0, length);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Uppercase letters and digits derived from `key`, the alphabet of IAM unique ids. */
export function hashUpper(key: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let bits = 0;
    let value = 0;
    for (const byte of hash('sha256', roundKey(key, round), 'buffer')) {
      value = ((value << 8) | byte) & 0xffff;
      bits += 8;
      while (bits >= 5 && out.length < length) {
        out += BASE32[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
  }
  return out;
}

// Derived timestamps are spread over a fixed window so files without dates stay deterministic.
const EPOCH = Date.UTC(2019, 0, 1);

/** An ISO date within `spanDays` of 2019-01-01, fixed by `key`. */
export function derivedDate(key: string, spanDays: number): string {
  const days = parseInt(hashHex(key, 6), 16) % spanDays;
  return new Date(EPOCH + days * 86_400_000).toISOString();
}

/** The id AWS would print for a resource type, e.g. `awsId('vpc', key)` → `vpc-0a1b…` (17 hex digits). */
export function awsId(prefix: string, key: string): string {
  return `${prefix}-${hashHex(`${prefix}|${key}`, 17)}`;
}

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 4648 base32 without padding, upper case: safe inside an access key id. */
export function base32Encode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += BASE32[(value << (5 - bits)) & 31];
  }
  return out;
}

/** The inverse of {@link base32Encode}; undefined when `text` is not base32. */
export function base32Decode(text: string): string | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = BASE32.indexOf(char);
    if (index < 0) {
      return undefined;
    }
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
