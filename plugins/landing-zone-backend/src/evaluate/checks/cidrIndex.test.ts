import type { VpcIndexEntry } from '@internal/plugin-landing-zone-common';
import { cidrsOverlap } from '../policy';
import { CidrIndex } from './cidrIndex';

const entry = (vpcId: string, ...cidrs: string[]): VpcIndexEntry => ({
  vpcId,
  accountId: '111111111111',
  region: 'eu-west-1',
  environment: 'prod',
  cidrs,
});

describe('CidrIndex', () => {
  it('finds nested, equal and enclosing blocks, and nothing disjoint', () => {
    const index = CidrIndex.of([
      entry('vpc-a', '10.0.0.0/16'),
      entry('vpc-b', '10.0.128.0/17'),
      entry('vpc-c', '10.1.0.0/16'),
      entry('vpc-d', '10.0.0.0/8'),
      entry('vpc-e', '10.0.0.0/16'),
      entry('vpc-v6', '2001:db8::/56'),
    ]);
    const ids = (cidr: string) =>
      index
        .overlapping(cidr)
        .map(o => o.entry.vpcId)
        .sort();
    expect(ids('10.0.0.0/16')).toEqual(['vpc-a', 'vpc-b', 'vpc-d', 'vpc-e']);
    expect(ids('10.0.200.0/24')).toEqual(['vpc-a', 'vpc-b', 'vpc-d', 'vpc-e']);
    expect(ids('10.1.2.0/24')).toEqual(['vpc-c', 'vpc-d']);
    expect(ids('192.168.0.0/16')).toEqual([]);
    expect(ids('2001:db8::/64')).toEqual(['vpc-v6']);
    expect(ids('not-a-cidr')).toEqual([]);
  });

  it('agrees with a pairwise comparison on many generated blocks', () => {
    const entries: VpcIndexEntry[] = [];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 400; i++) {
      const prefix = 12 + (next() % 13);
      const address = (10 << 24) | (next() % 2 ** 22 << 2);
      const masked = (address >>> (32 - prefix)) << (32 - prefix);
      const octets = [24, 16, 8, 0].map(s => (masked >>> s) & 255).join('.');
      entries.push(entry(`vpc-${i}`, `${octets}/${prefix}`));
    }
    const index = CidrIndex.of(entries);
    for (const query of entries.slice(0, 60)) {
      const expected = entries
        .filter(e => cidrsOverlap(e.cidrs[0], query.cidrs[0]))
        .map(e => e.vpcId)
        .sort();
      const actual = index
        .overlapping(query.cidrs[0])
        .map(o => o.entry.vpcId)
        .sort();
      expect(actual).toEqual(expected);
    }
  });
});
