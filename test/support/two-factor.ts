import { db } from "@/lib/db";
import type { SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * A stand-in second factor for tests that need "this user has 2FA on" without a
 * real provider. It is on for a user exactly when a TwoFactorProviderState row
 * says so — the registry the two-factor core reads — so the same row switches
 * it on for the core as it is now and as it grows. Install it with
 * `vi.mock("@/lib/providers", () => import("@/test/support/two-factor").then((m) => m.providersModule))`.
 */
export const TEST_FACTOR_ID = "test-factor";

export const testFactor: SecondFactorProvider = {
  id: TEST_FACTOR_ID,
  displayName: "Test factor",
  description: "A factor for tests",
  icon: "M4 4h16v16H4z",
  kind: "factor",
  async isEnabledFor(userId) {
    const row = await db.twoFactorProviderState.findUnique({ where: { userId_providerId: { userId, providerId: TEST_FACTOR_ID } } });
    return row?.enabled ?? false;
  },
  async challengeView() {
    return { prompt: "Enter the test code", inputLabel: "Code", inputMode: "numeric", maxLength: 6 };
  },
  async verify() {
    return { ok: false };
  },
};

export const providersModule = { installedProviders: [testFactor] };

export async function turnOnSecondFactor(userId: string): Promise<void> {
  await db.twoFactorProviderState.create({ data: { userId, providerId: TEST_FACTOR_ID, enabled: true } });
}
