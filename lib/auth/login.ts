import "server-only";
import { z } from "zod";
import { startChallenge } from "@/lib/auth/challenge";
import { verifyPassword } from "@/lib/auth/password";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { failure, type Result } from "@/lib/errors";
import { findUserByLogin } from "@/lib/users";
import { givenPassword } from "@/lib/validation";
import type { LoginRequirement } from "@/lib/two-factor/state";

/**
 * The password step of signing in. Unknown login and wrong password take the same
 * work and give the same answer. A correct password yields a login challenge —
 * already verified when no second factor is needed — never a session directly;
 * `then` says what comes next (nothing, the challenge, or setting up a factor).
 */

export const passwordStepInput = z.object({
  login: z.string({ error: "Login is required." }).min(1, "Login is required.").max(256, "Wrong login or password."),
  password: givenPassword,
  remember: z.boolean().default(false),
});

export type PasswordStep = { challenge: string; then: LoginRequirement; remember: boolean };

export type RequirementCheck = (userId: string) => Promise<LoginRequirement>;

export async function passwordStep(
  input: z.input<typeof passwordStepInput>,
  meta: ClientMeta,
  requirement: RequirementCheck,
): Promise<Result<PasswordStep>> {
  const parsed = passwordStepInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]!.message);
  const { login, password, remember } = parsed.data;

  const user = await findUserByLogin(login);
  const correct = await verifyPassword(user?.passwordHash, password);
  if (!user || !correct) return failure("invalid_credentials");
  if (user.disabled) return failure("account_disabled");

  const then = await requirement(user.id);
  const challenge = await startChallenge({ userId: user.id, remember, meta, verified: then === "none" });
  return { ok: true, data: { challenge, then, remember } };
}
