import {
  blockCount,
  firstFreeBlock,
  formatBlock,
  ipv4Blocks,
  parseNetwork,
} from './cidr';

const net = (cidr: string) => parseNetwork(cidr)!;
const free = (pool: string, prefix: number, used: string[]) => {
  const block = firstFreeBlock(net(pool), prefix, ipv4Blocks(used));
  return block && formatBlock(block.first, prefix);
};

describe('VPC CIDR blocks', () => {
  it('reads only IPv4 networks written as their network address', () => {
    expect(parseNetwork('10.128.0.0/12')).toMatchObject({ prefixLength: 12 });
    expect(parseNetwork('10.128.0.1/12')).toBeUndefined();
    expect(parseNetwork('10.128.0.0')).toBeUndefined();
    expect(parseNetwork('10.128.0.0/33')).toBeUndefined();
    expect(parseNetwork('2001:db8::/32')).toBeUndefined();
    expect(parseNetwork('10.300.0.0/16')).toBeUndefined();
  });

  it('takes the pool start when nothing is used', () => {
    expect(free('10.128.0.0/12', 16, [])).toBe('10.128.0.0/16');
    expect(free('10.128.0.0/12', 28, [])).toBe('10.128.0.0/28');
  });

  it('skips every block a VPC or allocation overlaps, whatever their sizes', () => {
    expect(
      free('10.64.0.0/12', 16, [
        '10.64.0.0/16',
        '10.65.0.0/16',
        '10.66.128.0/17',
      ]),
    ).toBe('10.67.0.0/16');
    // A /20 used inside the first /16 costs the whole /16 ...
    expect(free('10.64.0.0/12', 16, ['10.64.16.0/20'])).toBe('10.65.0.0/16');
    // ... but a /20 wanted fits beside it.
    expect(free('10.64.0.0/12', 20, ['10.64.0.0/20'])).toBe('10.64.16.0/20');
    // A block larger than the pool, covering it, leaves nothing.
    expect(free('10.64.0.0/12', 16, ['10.0.0.0/8'])).toBeUndefined();
    // Ranges outside the pool and IPv6 ones do not count.
    expect(free('10.64.0.0/12', 16, ['10.0.0.0/16', '2001:db8::/56'])).toBe(
      '10.64.0.0/16',
    );
  });

  it('finds the last free block and says when there is none', () => {
    const used = Array.from({ length: 15 }, (_, i) => `10.${64 + i}.0.0/16`);
    expect(free('10.64.0.0/12', 16, used)).toBe('10.79.0.0/16');
    expect(free('10.64.0.0/12', 16, [...used, '10.79.0.0/16'])).toBeUndefined();
    expect(blockCount(net('10.64.0.0/12'), 16)).toBe(16n);
  });

  it('walks a crowded pool in one pass', () => {
    const used = Array.from(
      { length: 4000 },
      (_, i) => `10.${64 + Math.floor(i / 256)}.${i % 256}.0/24`,
    );
    const started = Date.now();
    expect(free('10.64.0.0/12', 28, used)).toBe('10.79.160.0/28');
    expect(Date.now() - started).toBeLessThan(500);
  });
});
