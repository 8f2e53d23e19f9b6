/*
 * Deterministic ids and randomness. Derived ids are hashes of a stable key
 * (account, region, VPC name…) so the same file always yields the same ids and
 * nothing needs to be stored. Not cryptographic: speed matters more here, as
 * the generator derives several hundred thousand ids.
 */

// Bound once: under Jest's vm context every `Math.` lookup inside a hot loop goes
// through the context's global interceptor and costs ~100× more.
const imul = Math.imul;

function fnv1a(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: spreads every input bit over the whole word. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit words derived from one pass over `key`: word n of the key's hash stream. */
function word(base: number, round: number): number {
  return mix(base + imul(round + 1, 0x9e3779b9));
}

// Number#toString(16) is slow on the hot path of the generator; bytes via a table are not.
const HEX_BYTES = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/** A lowercase hex string of `length` characters derived from `key`. */
export function hashHex(key: string, length: number): string {
  const base = fnv1a(key);
  let out = '';
  for (let round = 0; out.length < length; round++) {
    const w = word(base, round);
    out +=
      HEX_BYTES[w >>> 24] +
      HEX_BYTES[(w >>> 16) & 255] +
      HEX_BYTES[(w >>> 8) & 255] +
      HEX_BYTES[w & 255];
  }
  return out.length === length ? out : out.slice(0, length);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Uppercase letters and digits derived from `key`, the alphabet of IAM unique ids. */
export function hashUpper(key: string, length: number): string {
  const base = fnv1a(key);
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let n = word(base, round);
    for (let i = 0; i < 6 && out.length < length; i++) {
      out += BASE32[n & 31];
      n >>>= 5;
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
