// Threat: someone who took over a user's phone number registers Signal anew; the admin trusts the new key without comparing it, and the codes go to them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { caseFor, configure, enrolledUser, startFakes, type Fakes } from "@/test/gateways/support";
import { cliAsync } from "@/test/support/cli";

let fakes: Fakes;
const signal = caseFor("signal");
let recipient: string;

const OLD_KEY = "111112222233333444445555566666777778888899999000001111122222";
const NEW_KEY = "314159265358979323846264338327950288419716939937510582097494";
const grouped = (digits: string) => digits.replace(/(\d{5})(?=\d)/g, "$1 ");

beforeAll(async () => {
  fakes = await startFakes();
  await configure(signal, fakes);
  recipient = signal.recipient(fakes, 91);
  await enrolledUser(signal, fakes, recipient);
  // The user's number now answers with a new identity key: reinstalled Signal, or someone else registered it.
  fakes.signal.untrusted.add(recipient);
  fakes.signal.identities.set(recipient, [
    {
      number: recipient,
      status: "TRUSTED_VERIFIED",
      fingerprint: "05 aa",
      added: "1764000000000",
      safety_number: OLD_KEY,
      uuid: "8a1f7c6e-0000-4000-8000-000000000001",
    },
    {
      number: recipient,
      status: "UNTRUSTED",
      fingerprint: "05 bb",
      added: "1764750000000",
      safety_number: NEW_KEY,
      uuid: "8a1f7c6e-0000-4000-8000-000000000001",
    },
  ]);
});
afterAll(async () => {
  await fakes.close();
});

describe("gateway:signal:trust", () => {
  it("without a choice shows the safety numbers signal-cli knows and trusts nothing", async () => {
    const r = await cliAsync(["gateway:signal:trust", recipient]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Safety numbers signal-cli knows for ${recipient}:`);
    expect(r.stdout).toMatch(new RegExp(`UNTRUSTED\\s+${grouped(NEW_KEY)}  \\(added 2025-12-03 08:20\\)`));
    expect(r.stdout).toMatch(new RegExp(`TRUSTED_VERIFIED\\s+${grouped(OLD_KEY)}`));
    expect(r.stdout).toContain(`gatehouse gateway:signal:trust ${recipient} --safety-number`);
    expect(r.stderr).toBe("Error: Nothing trusted yet: pass --safety-number (or --trust-all-known-keys to trust every key above without comparing).\n");
    expect(fakes.signal.trusted).toHaveLength(0);
  });

  it("refuses a safety number that is not the one signal-cli holds, and nonsense", async () => {
    const wrong = await cliAsync(["gateway:signal:trust", recipient, "--safety-number", "9".repeat(60)]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `Error: That is not a safety number signal-cli knows for ${recipient}: compare again with the numbers shown by gateway:signal:trust ${recipient}.\n`,
    );
    const malformed = await cliAsync(["gateway:signal:trust", recipient, "--safety-number", "12345"]);
    expect(malformed.stderr).toMatch(/^Error: A safety number has 60 digits/);
    const both = await cliAsync(["gateway:signal:trust", recipient, "--safety-number", NEW_KEY, "--trust-all-known-keys"]);
    expect(both.stderr).toBe("Error: Give either --safety-number or --trust-all-known-keys, not both.\n");
    expect(fakes.signal.trusted).toHaveLength(0);
    expect(fakes.signal.untrusted.has(recipient)).toBe(true);
  });

  it("pins the safety number the admin compared (verified_safety_number), as Signal shows it with spaces", async () => {
    const r = await cliAsync(["gateway:signal:trust", recipient, "--safety-number", grouped(NEW_KEY)]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(`Signal now trusts ${recipient} with the safety number you confirmed (verified); codes can be sent to it again.\n`);
    expect(fakes.signal.trusted).toEqual([{ number: fakes.signal.account, numberToTrust: recipient, body: { verified_safety_number: NEW_KEY } }]);
    expect(fakes.signal.untrusted.has(recipient)).toBe(false);
    expect((await db.gatewayConfig.findUniqueOrThrow({ where: { channel: "signal" } })).lastStatus).toBe("ok");
  });
});
