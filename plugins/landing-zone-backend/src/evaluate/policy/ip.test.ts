import { cidrsOverlap, ipInCidr, parseCidr, parseIp } from './ip';

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', 4, 0x0a000001n],
    ['::1', 6, 1n],
    ['2001:db8::', 6, 0x20010db8n << 96n],
    ['::ffff:10.0.0.1', 6, (0xffffn << 32n) | 0x0a000001n],
  ])('parses %s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });

  it.each([
    '10.0.0',
    '10.0.0.256',
    '1.2.3.4.5',
    'a::b::c',
    '1:2:3:4:5:6:7:8:9',
    'x',
  ])('rejects %s', text => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('ignores host bits and treats an address as a single host', () => {
    expect(parseCidr('10.1.2.3/16')).toEqual({
      family: 4,
      first: 0x0a010000n,
      last: 0x0a01ffffn,
    });
    expect(parseCidr('10.1.2.3')).toEqual({
      family: 4,
      first: 0x0a010203n,
      last: 0x0a010203n,
    });
    expect(parseCidr('0.0.0.0/0')).toEqual({
      family: 4,
      first: 0n,
      last: 0xffffffffn,
    });
  });

  it.each(['10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/8/8', '::/129'])(
    'rejects %s',
    text => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});

describe('ipInCidr and cidrsOverlap', () => {
  it('tests membership within one address family', () => {
    expect(ipInCidr('10.0.255.255', '10.0.0.0/16')).toBe(true);
    expect(ipInCidr('10.1.0.0', '10.0.0.0/16')).toBe(false);
    expect(ipInCidr('::ffff:10.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('not an ip', '10.0.0.0/8')).toBe(false);
  });

  it('finds overlapping, nested and adjacent blocks', () => {
    expect(cidrsOverlap('10.0.0.0/16', '10.0.128.0/17')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/8', '10.20.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/16', '2001:db8::/32')).toBe(false);
    expect(cidrsOverlap('2001:db8::/32', '2001:db8:1::/48')).toBe(true);
  });
});
