// Threat: a spoofed X-Forwarded-For dodging throttles or faking the address shown on the devices list.
import { describe, expect, it } from "vitest";
import { addressBucket, clientAddress } from "@/lib/net/client-address";

describe("client address", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY is on", () => {
    expect(clientAddress("198.51.100.4", "1.2.3.4", false)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.1", "1.2.3.4, 198.51.100.9", true)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.1", "not-an-ip", true)).toBe("10.0.0.1");
  });

  it("shows IPv4-mapped IPv6 as IPv4", () => {
    expect(clientAddress("::ffff:127.0.0.1", undefined, false)).toBe("127.0.0.1");
  });

  it("buckets IPv6 by /64 and IPv4 by /32", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
  });
});
