import "server-only";
import { AUTH_METHODS, type AuthMethod, type SecondFactorProvider } from "@/lib/two-factor/types";

/**
 * Assurance (design § Passkeys and assurance): a session's methods — how it was
 * made — and what a rule may demand of them. `phishing_resistant` is met only by
 * a security key (hwk) or a passkey: both sign the origin, so a look-alike site
 * gets nothing it can replay. Pure functions; no I/O.
 */

export const ASSURANCE_LEVELS = ["phishing_resistant"] as const;
export type Assurance = (typeof ASSURANCE_LEVELS)[number];

const PHISHING_RESISTANT: ReadonlySet<AuthMethod> = new Set(["hwk", "passkey"]);

/** The method a provider's answer adds to the sign-in. */
export function methodOf(provider: Pick<SecondFactorProvider, "kind" | "method">): AuthMethod {
  return provider.method ?? (provider.kind === "recovery" ? "recovery" : "otp");
}

/** How the security and admin pages name each method ("Signed in with password, security key"). */
export const METHOD_LABELS: Record<AuthMethod, string> = {
  pwd: "password",
  otp: "one-time code",
  sms: "SMS code",
  email: "e-mail code",
  msg: "message code or device approval",
  hwk: "security key",
  passkey: "passkey",
  recovery: "recovery code",
};

/**
 * A password alone says so: no second factor was asked at that sign-in (a
 * trusted browser skipped it, or the account had none) — what a user checking
 * their sessions after turning 2FA on needs to see.
 */
export function describeMethods(methods: readonly AuthMethod[]): string {
  if (methods.length === 1 && methods[0] === "pwd") return "password only (no second factor asked)";
  return methods.map((m) => METHOD_LABELS[m]).join(" + ");
}

export function isPhishingResistantMethod(method: AuthMethod): boolean {
  return PHISHING_RESISTANT.has(method);
}

/** Whether methods recorded on a session meet a requirement (none: any session does). */
export function meetsAssurance(methods: readonly AuthMethod[], required: Assurance | null): boolean {
  if (required === null) return true;
  return methods.some(isPhishingResistantMethod);
}

/** Methods as stored (space-separated): unknown codes are dropped, duplicates too, order kept. */
export function parseMethods(stored: string | null | undefined): AuthMethod[] {
  if (!stored) return [];
  const known = new Set<string>(AUTH_METHODS);
  return [...new Set(stored.split(" ").filter((m): m is AuthMethod => known.has(m)))];
}

export function formatMethods(methods: readonly AuthMethod[]): string {
  return [...new Set(methods)].join(" ");
}

/** A sign-in's methods after one more step (the password's "pwd" first). */
export function addMethod(stored: string | null | undefined, method: AuthMethod): string {
  return formatMethods([...parseMethods(stored), method]);
}

export function parseAssurance(value: unknown): Assurance | null {
  return typeof value === "string" && (ASSURANCE_LEVELS as readonly string[]).includes(value) ? (value as Assurance) : null;
}

/** Phishing-resistant factors first (the challenge page offers a user's key before a code); otherwise the order is kept. */
export function byAssurance(a: SecondFactorProvider, b: SecondFactorProvider): number {
  return Number(isPhishingResistantMethod(methodOf(b))) - Number(isPhishingResistantMethod(methodOf(a)));
}
