/** IPv4 and IPv6 address blocks (`10.0.0.0/24`, `2001:db8::/32`) for the `cidr` filter operator. */

export interface CidrBlock {
  family: 4 | 6;
  /** The address with the host bits cleared. */
  network: bigint;
  /** Number of leading bits that must be equal. */
  bits: number;
}

/** A valid block, or why the CIDR string was refused (in AWS's words). */
type CidrParse = { block: CidrBlock } | { problem: string };

export function parseCidr(text: string): CidrParse {
  const parts = text.split('/');
  if (parts.length !== 2) return { problem: "Malformed CIDR, one '/' required" };
  const [address = '', mask = ''] = parts;
  if (!/^\d+$/.test(mask)) return { problem: 'Malformed CIDR, mask bits must be an integer' };
  const ip = parseIp(address);
  if (ip === undefined) return { problem: `Nonstandard IP address: ${address}` };
  const bits = Number(mask);
  const width = ip.family === 4 ? 32 : 128;
  if (bits > width) return { problem: `Malformed CIDR, mask bits must be between 0 and ${width}` };
  return { block: { family: ip.family, network: ip.value & maskOf(bits, width), bits } };
}

export function cidrContains(block: CidrBlock, address: string): boolean {
  const ip = parseIp(address);
  if (ip === undefined || ip.family !== block.family) return false;
  return (ip.value & maskOf(block.bits, block.family === 4 ? 32 : 128)) === block.network;
}

const maskOf = (bits: number, width: number): bigint => ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);

interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** Full, `::`-compressed and IPv4-suffixed (`::ffff:10.0.0.1`) forms. */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}
