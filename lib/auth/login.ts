import "server-only";
import { z } from "zod";
import { startChallenge } from "@/lib/auth/challenge";
import { passwordAttempt } from "@/lib/auth/attempts";
import { verifyPassword } from "@/lib/auth/password";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Clock, Throttled } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";
import { givenPassword } from "@/lib/validation";

/**
 * The password step of signing in. Throttled per address and per account
 * (lib/auth/throttle.ts) before any password is checked. Unknown login and wrong
 * password take the same work and give the same answer. A correct password
 * yields a login challenge — already verified when no second factor is needed —
 * never a session directly.
 */

export const passwordStepInput = z.object({
  login: z.string({ error: "Login is required." }).min(1, "Login is required.").max(256, "Wrong login or password."),
  password: givenPassword,
  remember: z.boolean().default(false),
});

export type PasswordStep = { challenge: string; needsSecondFactor: boolean; remember: boolean };

export type SecondFactorCheck = (userId: string) => Promise<boolean>;

export async function passwordStep(
  input: z.input<typeof passwordStepInput>,
  meta: ClientMeta,
  needsSecondFactor: SecondFactorCheck,
  options: { clock?: Clock } = {},
): Promise<Result<PasswordStep> | Throttled> {
  const parsed = passwordStepInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const { login, password, remember } = parsed.data;

  const checked = await passwordAttempt(
    "login",
    login,
    meta,
    async () => {
      const user = await findUserByLogin(login);
      const correct = await verifyPassword(user?.passwordHash, password);
      if (user && correct) return { ok: true as const, user };
      await recordEvent(db, {
        userId: user?.id ?? null,
        type: "sign_in.failed",
        ...meta,
        details: { reason: user ? "wrong_password" : "unknown_login" },
      });
      return failure("invalid_credentials");
    },
    options,
  );
  if (!checked.ok) return checked;
  const { user } = checked;
  if (user.disabled) return failure("account_disabled");

  const secondFactor = await needsSecondFactor(user.id);
  const challenge = await startChallenge({ userId: user.id, remember, meta, verified: !secondFactor });
  return { ok: true, data: { challenge, needsSecondFactor: secondFactor, remember } };
}
