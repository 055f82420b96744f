// Threat: a user believes 2FA is on because they hold backup codes — recovery providers alone never turn it on.
import { describe, expect, it } from "vitest";
import { regenerateCodes } from "@/lib/providers/backup-codes/store";
import { removeTotp } from "@/lib/providers/totp/store";
import { secondFactorRequired } from "@/lib/two-factor/provider-set";
import { enrolTotp, makeUser } from "@/test/support/factories";

describe("recovery providers", () => {
  it("do not require a second factor on their own", async () => {
    const user = await makeUser();
    await regenerateCodes(user.id);
    expect(await secondFactorRequired(user.id)).toBe(false);
    await enrolTotp(user.id);
    expect(await secondFactorRequired(user.id)).toBe(true);
    await removeTotp(user.id);
    expect(await secondFactorRequired(user.id)).toBe(false);
  });
});
