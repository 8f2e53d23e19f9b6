/*
 * IPv4 blocks for VPCs: a pool is cut into aligned blocks of the wanted size,
 * and the first one that overlaps nothing in use is the allocation. AWS takes
 * VPC CIDRs from /16 to /28.
 */
import { parseCidr, type IpRange } from '../evaluate/policy/ip';

/** The sizes AWS allows for a VPC's primary CIDR. */
export const VPC_PREFIX_MIN = 16;
export const VPC_PREFIX_MAX = 28;

/** An IPv4 block, both ends inclusive. */
export type Block = { first: bigint; last: bigint };

/**
 * An IPv4 CIDR written as its network address (`10.128.0.0/12`, not
 * `10.128.0.1/12`); undefined otherwise.
 */
export function parseNetwork(
  text: string,
): (Block & { prefixLength: number }) | undefined {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const range = parseCidr(text.trim());
  if (!range || range.family !== 4) return undefined;
  const prefixLength = Number(match[2]);
  if (prefixLength > 32) return undefined;
  const address = parseCidr(match[1]);
  if (!address || address.first !== range.first) return undefined;
  return { first: range.first, last: range.last, prefixLength };
}

/** The IPv4 blocks among CIDR strings (IPv6 and invalid ones are skipped). */
export function ipv4Blocks(cidrs: Iterable<string>): Block[] {
  const blocks: Block[] = [];
  for (const cidr of cidrs) {
    const range: IpRange | undefined = parseCidr(cidr);
    if (range?.family === 4)
      blocks.push({ first: range.first, last: range.last });
  }
  return blocks;
}

export function formatBlock(first: bigint, prefixLength: number): string {
  const octets = [24n, 16n, 8n, 0n].map(shift =>
    String((first >> shift) & 255n),
  );
  return `${octets.join('.')}/${prefixLength}`;
}

export function overlaps(a: Block, b: Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * The first block of `prefixLength` in `pool` that overlaps none of `used`,
 * or undefined when every one does. One pass over the used blocks in address
 * order: a candidate that overlaps one moves to the first aligned block after
 * it, so a /28 in a crowded /12 costs as little as a /16.
 */
export function firstFreeBlock(
  pool: Block,
  prefixLength: number,
  used: Block[],
): Block | undefined {
  const size = 1n << BigInt(32 - prefixLength);
  const sorted = used
    .filter(block => overlaps(block, pool))
    .sort((a, b) => (a.first < b.first ? -1 : Number(a.first > b.first)));
  // The pool's start is aligned to its own size, so to any smaller block's.
  let candidate = pool.first;
  for (const block of sorted) {
    const end = candidate + size - 1n;
    if (end < block.first) break;
    if (block.last >= candidate) {
      candidate = ((block.last + 1n + size - 1n) / size) * size;
    }
  }
  const last = candidate + size - 1n;
  return last <= pool.last ? { first: candidate, last } : undefined;
}

/** How many blocks of `prefixLength` a pool holds. */
export function blockCount(pool: Block, prefixLength: number): bigint {
  return (pool.last - pool.first + 1n) >> BigInt(32 - prefixLength);
}
