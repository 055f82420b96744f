import { db } from "@/lib/db";

/**
 * "This user has 2FA on" without a real provider: a TwoFactorProviderState row
 * for a provider id that is not installed. The core counts such a row as a
 * second factor and blocks password-only sign-ins (it fails closed), which is
 * all these tests need — no provider to install, nothing to mock.
 */
export const TEST_FACTOR_ID = "test-factor";

export async function turnOnSecondFactor(userId: string): Promise<void> {
  await db.twoFactorProviderState.create({ data: { userId, providerId: TEST_FACTOR_ID, enabled: true } });
}
