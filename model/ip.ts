import ipaddr from "ipaddr.js";

/** An IPv4 subnet worked out from CIDR text. */
export interface Subnet {
  readonly cidr: string;
  readonly network: string;
  readonly prefix: number;
  readonly netmask: string;
  readonly broadcast: string;
  /** The first usable address, the usual gateway. */
  readonly firstHost: string;
}

const toInt = (ip: ipaddr.IPv4): number => ip.octets.reduce((n, o) => n * 256 + o, 0);
const fromInt = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Whether dotted-quad text has an octet with a leading zero (`010`), which some tools read as octal. */
const zeroPadded = (text: string): boolean => /(^|\.)0\d/.test(text);

/**
 * Why address text is refused when it is zero-padded, else "": appended to "not an address" messages.
 *
 * @example
 * paddingNote("192.168.010.0/24"); // "; octets with a leading zero are refused (some tools read 010 as octal): write 192.168.10.0/24"
 */
export const paddingNote = (text: string): string =>
  zeroPadded(text) ? `; octets with a leading zero are refused (some tools read 010 as octal): write ${text.replace(/(^|\.)0+(\d)/g, "$1$2")}` : "";

/** Parse `a.b.c.d/n`; `undefined` when it is not an IPv4 CIDR (zero-padded octets included). Host bits are cleared. */
export function parseSubnet(cidr: string): Subnet | undefined {
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr) || zeroPadded(cidr) || !ipaddr.isValidCIDR(cidr)) return undefined;
  const [, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  if (prefix < 1 || prefix > 30) return undefined;
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  const base = toInt(network);
  const size = 2 ** (32 - prefix);
  return {
    cidr: `${network.toString()}/${prefix}`,
    network: network.toString(),
    prefix,
    netmask: ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString(),
    broadcast: fromInt(base + size - 1),
    firstHost: fromInt(base + 1),
  };
}

/** Whether `ip` is a dotted-quad IPv4 address (no zero-padded octets). */
export const isIpv4 = (ip: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(ip) && !zeroPadded(ip);

/** Whether `ip` is an IPv6 address. */
export const isIpv6 = (ip: string): boolean => ipaddr.IPv6.isValid(ip) && !ip.includes("%");

/** Whether `ip` is a usable host address of `subnet` (not the network or broadcast address). */
export function inSubnet(ip: string, subnet: Subnet): boolean {
  if (!isIpv4(ip)) return false;
  const n = toInt(ipaddr.IPv4.parse(ip));
  return n > toInt(ipaddr.IPv4.parse(subnet.network)) && n < toInt(ipaddr.IPv4.parse(subnet.broadcast));
}

/** Whether `ip` lies in `[start, end]`. */
export const inRange = (ip: string, start: string, end: string): boolean =>
  [ip, start, end].every(isIpv4) &&
  toInt(ipaddr.IPv4.parse(ip)) >= toInt(ipaddr.IPv4.parse(start)) &&
  toInt(ipaddr.IPv4.parse(ip)) <= toInt(ipaddr.IPv4.parse(end));

/** Numeric order of two IPv4 addresses. */
export const compareIp = (a: string, b: string): number => toInt(ipaddr.IPv4.parse(a)) - toInt(ipaddr.IPv4.parse(b));

/** Whether two subnets share any address. */
export const overlaps = (a: Subnet, b: Subnet): boolean =>
  compareIp(a.network, b.broadcast) <= 0 && compareIp(b.network, a.broadcast) <= 0;
