import "server-only";
import { z } from "zod";
import { appPasswordOwnerId } from "@/lib/auth/app-passwords";
import { passwordAttempt } from "@/lib/auth/attempts";
import { startChallenge } from "@/lib/auth/challenge";
import { deviceIdFor } from "@/lib/auth/device-cookie";
import { verifyPassword } from "@/lib/auth/password";
import type { ClientMeta } from "@/lib/auth/request-meta";
import type { Clock, Throttled } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { failure, type Result } from "@/lib/errors";
import { recordEvent } from "@/lib/security/events";
import { findUserByLogin } from "@/lib/users";
import { givenPassword } from "@/lib/validation";
import type { LoginRequirement } from "@/lib/two-factor/provider-set";

/**
 * The password step of signing in. Throttled per address and per account
 * (lib/auth/attempts.ts) before any password is checked — or, from a browser
 * with a device cookie for this login, on that cookie's own budget. Unknown login and wrong
 * password take the same work and give the same answer; the owner's app password
 * gets its own answer (app passwords are for clients, never for a browser
 * session). A correct password yields a login challenge — already verified when
 * no second factor is needed — never a session directly; `then` says what comes
 * next (nothing, the challenge, or setting up a factor).
 */

export const passwordStepInput = z.object({
  login: z.string({ error: "Login is required." }).min(1, "Login is required.").max(256, "Wrong login or password."),
  password: givenPassword,
  remember: z.boolean().default(false),
});

export type PasswordStep = { challenge: string; then: LoginRequirement; remember: boolean };

export type RequirementCheck = (userId: string) => Promise<LoginRequirement>;

/** `deviceCookie`: this browser's device cookie as sent; one for this login has its own throttle budget. */
export async function passwordStep(
  input: z.input<typeof passwordStepInput>,
  meta: ClientMeta,
  requirement: RequirementCheck,
  options: { clock?: Clock; deviceCookie?: string } = {},
): Promise<Result<PasswordStep> | Throttled> {
  const parsed = passwordStepInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const { login, password, remember } = parsed.data;
  const device = deviceIdFor(options.deviceCookie, login);

  const checked = await passwordAttempt(
    "login",
    login,
    meta,
    async () => {
      const user = await findUserByLogin(login);
      const correct = await verifyPassword(user?.passwordHash, password);
      if (user && correct) return { ok: true as const, user };
      // Someone typed an app password here: say so. The look-up runs for every wrong
      // password (one indexed query), so it costs the same whatever was typed.
      const appPasswordOwner = await appPasswordOwnerId(password);
      const ownAppPassword = appPasswordOwner !== null && appPasswordOwner === user?.id;
      await recordEvent(db, {
        userId: user?.id ?? null,
        type: "sign_in.failed",
        ...meta,
        details: { reason: !user ? "unknown_login" : ownAppPassword ? "app_password" : "wrong_password" },
      });
      return failure(ownAppPassword ? "app_password_in_browser" : "invalid_credentials");
    },
    { clock: options.clock, device },
  );
  if (!checked.ok) return checked;
  const { user } = checked;
  if (user.disabled) return failure("account_disabled");

  const then = await requirement(user.id);
  const challenge = await startChallenge({ userId: user.id, remember, meta, verified: then === "none" });
  return { ok: true, data: { challenge, then, remember } };
}
