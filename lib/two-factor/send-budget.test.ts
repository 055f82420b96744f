import { describe, expect, it } from "vitest";
import { sendTimeInWords } from "@/lib/two-factor/send-budget";

describe("sendTimeInWords", () => {
  const now = new Date("2026-12-03T13:27:10Z");

  it("names the time, in UTC, and how long until then", () => {
    expect(sendTimeInWords(new Date("2026-12-03T14:05:00Z"), now)).toBe("at 14:05 UTC (in 38 minutes)");
    expect(sendTimeInWords(new Date("2026-12-03T13:27:40Z"), now)).toBe("at 13:27 UTC (in 1 minute)");
  });

  it("adds the day when it is not today", () => {
    expect(sendTimeInWords(new Date("2026-12-04T09:12:00Z"), now)).toBe("at 09:12 UTC on 4 Dec (in 20 hours)");
  });
});
