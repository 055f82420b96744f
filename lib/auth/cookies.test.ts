import { describe, expect, it } from "vitest";
import { cookieFromHeader } from "@/lib/auth/cookies";

describe("cookieFromHeader", () => {
  it("finds one cookie among others, with or without spaces, and nothing else", () => {
    expect(cookieFromHeader("a=1; gatehouse-session=abc.def-_; b=2", "gatehouse-session")).toBe("abc.def-_");
    expect(cookieFromHeader("gatehouse-session=x;b=2", "gatehouse-session")).toBe("x");
    expect(cookieFromHeader("b=2;gatehouse-session=y", "gatehouse-session")).toBe("y");
    expect(cookieFromHeader("x-gatehouse-session=z; gatehouse-session-old=q", "gatehouse-session")).toBeUndefined();
    expect(cookieFromHeader("gatehouse-session=first; gatehouse-session=second", "gatehouse-session")).toBe("first");
    expect(cookieFromHeader("gatehouse-session=", "gatehouse-session")).toBe("");
    expect(cookieFromHeader("garbage;;==;gatehouse-session", "gatehouse-session")).toBeUndefined();
    expect(cookieFromHeader(null, "gatehouse-session")).toBeUndefined();
    expect(cookieFromHeader("", "gatehouse-session")).toBeUndefined();
  });
});
