/** IPv4 CIDR arithmetic for carving VPCs into subnets. Input is validated by the schema. */

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [address, prefix] = cidr.split('/');
  const base = address
    .split('.')
    .reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
  return { base, prefix: Number(prefix) };
}

export function formatCidr(base: number, prefix: number): string {
  return `${[
    base >>> 24,
    (base >>> 16) & 255,
    (base >>> 8) & 255,
    base & 255,
  ].join('.')}/${prefix}`;
}

/** The `index`-th block of length `prefix + extraBits` inside `cidr`. */
export function subBlock(
  cidr: string,
  extraBits: number,
  index: number,
): string {
  const { base, prefix } = parseCidr(cidr);
  const size = 2 ** (32 - prefix - extraBits);
  return formatCidr((base + index * size) >>> 0, prefix + extraBits);
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const prefix = Math.min(x.prefix, y.prefix);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (x.base & mask) >>> 0 === (y.base & mask) >>> 0;
}

/** Usable addresses in a subnet: AWS reserves five in every subnet. */
export function availableAddresses(cidr: string): number {
  return 2 ** (32 - parseCidr(cidr).prefix) - 5;
}
