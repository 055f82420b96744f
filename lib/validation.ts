import { z } from "zod";
import { LOGIN_RULES, parseLoginName } from "@/lib/auth/login-name";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/policy";

/** Shared input schemas: every boundary (actions, routes, CLI) validates with these. */

// C0/C1 control characters (tab and newline included): never valid in a one-line field.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const singleLine = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .max(max * 4, `${label} is too long (at most ${max} characters).`)
    .transform((s) => s.normalize("NFC").trim())
    .refine((s) => s.length > 0, `${label} is required.`)
    .refine((s) => s.length <= max, `${label} is too long (at most ${max} characters).`)
    .refine((s) => !CONTROL.test(s), `${label} contains characters that are not allowed.`);

export const loginInput = z
  .string({ error: "Login is required." })
  .max(256, `Login is too long. ${LOGIN_RULES}`)
  .transform((s, ctx) => {
    if (s.trim() === "") {
      ctx.addIssue({ code: "custom", message: "Login is required." });
      return z.NEVER;
    }
    const parsed = parseLoginName(s);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `That is not a valid login name. ${LOGIN_RULES}` });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * A password being set: length rules apply. Every caller then runs
 * `checkNewPassword` (lib/auth/password-policy.ts) with the account it is for:
 * common passwords and the account's and server's own words are refused there.
 */
export const newPassword = z
  .string({ error: "Password is required." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((s) => !s.includes("\u0000"), "The password contains characters that are not allowed.");

/** A password being checked: only sanity limits (a 1 MB string is refused, never hashed). */
export const givenPassword = z.string({ error: "Password is required." }).min(1, "Password is required.").max(PASSWORD_MAX_LENGTH, "Wrong login or password.");

export const displayNameInput = singleLine("Display name", 100);

export const emailInput = z
  .string()
  .max(254, "E-mail address is too long.")
  .transform((s) => s.trim())
  .pipe(z.union([z.literal(""), z.email("That is not a valid e-mail address.")]))
  .transform((s) => (s === "" ? null : s));

/** The first message of a failed parse, keyed by field, for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
