import type { VpcIndexEntry } from '@internal/plugin-landing-zone-common';
import { parseCidr } from '../policy';

type Range = {
  family: 4 | 6;
  first: bigint;
  last: bigint;
  cidr: string;
  entry: VpcIndexEntry;
};

const key = (family: number, first: bigint, last: bigint) =>
  `${family}:${first}:${last}`;

/**
 * Finds the VPCs whose CIDR blocks overlap a given block without comparing
 * against every VPC: CIDR blocks are either nested or disjoint, so the blocks
 * overlapping a query are the ones that start inside it (a binary search over
 * blocks sorted by start) plus its ancestors (one exact lookup per shorter
 * prefix length). A transit gateway hub with thousands of VPCs stays cheap.
 */
export class CidrIndex {
  readonly #sorted: Record<4 | 6, Range[]>;
  readonly #exact: Map<string, Range[]>;

  private constructor(ranges: Range[]) {
    this.#sorted = { 4: [], 6: [] };
    this.#exact = new Map();
    for (const range of ranges) {
      this.#sorted[range.family].push(range);
      const k = key(range.family, range.first, range.last);
      const same = this.#exact.get(k) ?? [];
      same.push(range);
      this.#exact.set(k, same);
    }
    for (const family of [4, 6] as const) {
      this.#sorted[family].sort((a, b) =>
        a.first < b.first ? -1 : Number(a.first > b.first),
      );
    }
  }

  static of(entries: Iterable<VpcIndexEntry>): CidrIndex {
    const ranges: Range[] = [];
    for (const entry of entries) {
      for (const cidr of entry.cidrs) {
        const range = parseCidr(cidr);
        if (range) ranges.push({ ...range, cidr, entry });
      }
    }
    return new CidrIndex(ranges);
  }

  /** Every indexed block overlapping `cidr`, with the VPC it belongs to. */
  overlapping(cidr: string): { cidr: string; entry: VpcIndexEntry }[] {
    const query = parseCidr(cidr);
    if (!query) return [];
    const found = new Set<Range>();
    const sorted = this.#sorted[query.family];
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid].first < query.first) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sorted.length && sorted[i].first <= query.last; i++) {
      found.add(sorted[i]);
    }
    const bits = query.family === 4 ? 32 : 128;
    const size = query.last - query.first + 1n;
    const prefix = bits - (size.toString(2).length - 1);
    for (let p = 0; p < prefix; p++) {
      const hostBits = BigInt(bits - p);
      const first = (query.first >> hostBits) << hostBits;
      const last = first + (1n << hostBits) - 1n;
      for (const range of this.#exact.get(key(query.family, first, last)) ??
        []) {
        found.add(range);
      }
    }
    return [...found].map(r => ({ cidr: r.cidr, entry: r.entry }));
  }
}
