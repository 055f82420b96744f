import { isIP } from "node:net";

/**
 * The client's address: the socket peer, or — only when TRUST_PROXY is on — the
 * last address the nearest proxy appended to X-Forwarded-For. IPv4-mapped IPv6
 * ("::ffff:1.2.3.4") is shown as plain IPv4.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  let address = socketAddress ?? "";
  if (trustProxy && forwardedFor) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const nearest = hops.at(-1);
    if (nearest && isIP(stripMapped(nearest))) address = nearest;
  }
  return stripMapped(address) || "unknown";
}

function stripMapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The throttling bucket of an address: IPv4 as is (/32), IPv6 by its /64 prefix,
 * since one client usually holds a whole /64.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
