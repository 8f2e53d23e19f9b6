/*
 * IPv4 and IPv6 addresses and CIDR ranges as integer intervals, for the
 * IpAddress condition operators and for CIDR overlap between VPCs.
 */

/** An address range: both ends inclusive. */
export type IpRange = {
  family: 4 | 6;
  first: bigint;
  last: bigint;
};

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) {
      return undefined;
    }
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseHextets(text: string): number[] | undefined {
  if (text === '') {
    return [];
  }
  const hextets: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    // An embedded IPv4 address may end the address (`::ffff:10.0.0.1`).
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) {
        return undefined;
      }
      hextets.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      hextets.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return hextets;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const head = parseHextets(halves[0]);
  const tail = halves.length === 2 ? parseHextets(halves[1]) : [];
  if (!head || !tail) {
    return undefined;
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) {
    return undefined;
  }
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.reduce((value, hextet) => (value << 16n) | BigInt(hextet), 0n);
}

/** Parses an address (`10.0.0.1`, `2001:db8::1`); undefined when invalid. */
export function parseIp(
  text: string,
): { family: 4 | 6; value: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { family: 4, value };
}

/**
 * Parses a CIDR block (`10.0.0.0/16`) or a single address (a /32 or /128);
 * undefined when invalid. Host bits are ignored, as AWS does for
 * `aws:SourceIp` conditions.
 */
export function parseCidr(text: string): IpRange | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) {
    return undefined;
  }
  const ip = parseIp(address);
  if (!ip) {
    return undefined;
  }
  const bits = ip.family === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return undefined;
    }
    prefix = Number(prefixText);
  }
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { family: ip.family, first, last };
}

/** Whether an address lies in a CIDR block; false when either is invalid. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseIp(ip);
  const range = parseCidr(cidr);
  return (
    !!address &&
    !!range &&
    address.family === range.family &&
    address.value >= range.first &&
    address.value <= range.last
  );
}

/** Whether two CIDR blocks share an address; false when either is invalid. */
export function cidrsOverlap(a: string, b: string): boolean {
  const left = parseCidr(a);
  const right = parseCidr(b);
  return (
    !!left &&
    !!right &&
    left.family === right.family &&
    left.first <= right.last &&
    right.first <= left.last
  );
}
