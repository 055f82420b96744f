import "server-only";
import { BREACHED, isBreachedPassword } from "@/lib/auth/breached-passwords";
import { commonPasswords } from "@/lib/auth/common-passwords";
import { env } from "@/lib/env";

/**
 * What a NEW password must not be, beyond its length (lib/validation.ts
 * `newPassword`): a password attackers try first (ASVS 6.2.4, NIST SP 800-63B
 * 5.1.1.2) or one built from words of this account or this server (ASVS 6.2.11).
 * Every place that sets a password calls `checkNewPassword` after parsing: account
 * creation (/setup and CLI `user:add`), the password change and the admin reset.
 * Only the decision is normalised; the password itself is stored and verified
 * exactly as typed (ASVS 6.2.8). No composition rule is implied (ASVS 6.2.5).
 * The rules, in plain words, are in docs/security.md § New passwords.
 */

/** The account a password is for: its words are "context-specific". */
export type PasswordOwner = { login: string; displayName?: string | null; email?: string | null };
/** This server's own words: its name and the host name users reach it at. */
export type InstanceWords = { name: string; host?: string | null };

export const PRODUCT_NAME = "Gatehouse";

export const TOO_COMMON = "This password is too common — it appears in lists attackers try first. Choose something longer or less predictable.";
export const ABOUT_THE_ACCOUNT = "Don't build the password around the login name, the account's name or its e-mail address — attackers try those first.";
export function aboutTheServer(instance: InstanceWords): string {
  const names = [...new Set([PRODUCT_NAME, instance.name])].map((n) => `"${n}"`).join(", ");
  return `Don't build the password around ${names} or this server's address — attackers try those first.`;
}

/** Digits, symbols or spaces that may be added around a common password and still count as it. */
const MAX_DECORATION = 8;
/** Shorter cores are not looked up: too many harmless passwords would contain one. */
const MIN_CORE = 4;
/** Context words shorter than this are ignored (initials, "al"). */
const MIN_WORD = 3;

/** Case-folded, compatibility-normalised, accents dropped: "Pässwörd" → "password". */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

const isLetter = (c: string) => /\p{L}/u.test(c);

/**
 * The password and what remains of it after taking away up to 8 digits, symbols
 * or spaces in total from its start and end, at least 4 characters left:
 * "2024!dragon" and "dragon2024!" both give "dragon".
 */
export function cores(folded: string): string[] {
  const chars = [...folded];
  const n = chars.length;
  let lead = 0;
  while (lead < Math.min(n, MAX_DECORATION) && !isLetter(chars[lead]!)) lead++;
  let trail = 0;
  while (trail < Math.min(n, MAX_DECORATION) && !isLetter(chars[n - 1 - trail]!)) trail++;
  const out = new Set<string>();
  for (let a = 0; a <= lead; a++) {
    for (let b = 0; b <= Math.min(trail, MAX_DECORATION - a); b++) {
      if (n - a - b >= MIN_CORE) out.add(chars.slice(a, n - b).join(""));
    }
  }
  return [...out];
}

/** "abcdef", "654321": each character one step from the last, in one direction. */
function isStraightRun(chars: string[]): boolean {
  if (chars.length < MIN_CORE) return false;
  const step = chars[1]!.codePointAt(0)! - chars[0]!.codePointAt(0)!;
  if (step !== 1 && step !== -1) return false;
  return chars.every((c, i) => i === 0 || c.codePointAt(0)! - chars[i - 1]!.codePointAt(0)! === step);
}

/** "aaaaaa", "abcabcabc", "1q2w1q2w", "qwertyqwerty": a short group, or a listed password, repeated. */
function isRepetition(chars: string[], list: ReadonlySet<string>): boolean {
  const n = chars.length;
  for (let size = 1; size <= n / 2; size++) {
    if (n % size !== 0) continue;
    const unit = chars.slice(0, size);
    if (!chars.every((c, i) => c === unit[i % size])) continue;
    return size <= 4 || list.has(unit.join("")) || isStraightRun(unit);
  }
  return false;
}

/** A password (already folded) that is, or is made of, something on the list, a repetition or a straight run. */
export function isCommonPassword(folded: string, list: ReadonlySet<string>): boolean {
  return cores(folded).some((core) => {
    if (list.has(core)) return true;
    const chars = [...core];
    return isStraightRun(chars) || isRepetition(chars, list);
  });
}

/** Runs of at least 3 letters in a piece of text: "Mary-Jane O'Neil" → mary, jane, neil. */
function letterRuns(text: string | null | undefined): string[] {
  return fold(text ?? "").match(new RegExp(`\\p{L}{${MIN_WORD},}`, "gu")) ?? [];
}

/** The account's own words: its login, its display name and its e-mail's local part. */
export function accountWords(owner: PasswordOwner): string[] {
  const local = owner.email?.includes("@") ? owner.email.slice(0, owner.email.lastIndexOf("@")) : null;
  return [...new Set([...letterRuns(owner.login), ...letterRuns(owner.displayName), ...letterRuns(local)])];
}

/** The server's words: "gatehouse", the instance name and the public host name without its top-level domain. */
export function serverWords(instance: InstanceWords): string[] {
  const labels = instance.host && !instance.host.startsWith("[") ? instance.host.split(".") : [];
  const hostWords = labels.length > 1 ? labels.slice(0, -1) : labels;
  return [...new Set([...letterRuns(PRODUCT_NAME), ...letterRuns(instance.name), ...hostWords.flatMap(letterRuns)])];
}

/**
 * Whether the password is built from the given words: of its letters (folded;
 * digits, symbols and spaces do not count), the words cover at least half, or
 * they cover some and what is left is itself a common password
 * ("alice-dragon-1990" for alice). Returns which words covered most, or null.
 */
export function builtFrom(password: string, words: { account: string[]; server: string[] }, list: ReadonlySet<string>): "account" | "server" | null {
  const letters = [...fold(password)].filter(isLetter).join("");
  if (letters.length === 0) return null;
  const covered = new Array<"account" | "server" | null>(letters.length).fill(null);
  for (const kind of ["account", "server"] as const) {
    for (const word of words[kind]) {
      for (let i = letters.indexOf(word); i >= 0; i = letters.indexOf(word, i + 1)) covered.fill(kind, i, i + word.length);
    }
  }
  const byAccount = covered.filter((k) => k === "account").length;
  const byServer = covered.filter((k) => k === "server").length;
  if (byAccount + byServer === 0) return null;
  const rest = letters
    .split("")
    .filter((_, i) => covered[i] === null)
    .join("");
  const built = 2 * (byAccount + byServer) >= letters.length || (rest.length >= MIN_CORE && isCommonPassword(rest, list));
  if (!built) return null;
  return byAccount >= byServer ? "account" : "server";
}

export function instanceWords(): InstanceWords {
  const { instanceName, publicUrl } = env();
  return { name: instanceName, host: publicUrl ? new URL(publicUrl).hostname : null };
}

/**
 * The one check every new password goes through (after its length rules): null
 * when it may be used, otherwise the sentence to show at the password field.
 * The offline rules come first; the breached-password look-up (a network call,
 * off by default, failing open) comes last, so a password the offline rules
 * refuse never leaves even a hash prefix behind.
 */
export async function checkNewPassword(password: string, owner: PasswordOwner, instance: InstanceWords = instanceWords()): Promise<string | null> {
  const list = await commonPasswords();
  if (isCommonPassword(fold(password), list)) return TOO_COMMON;
  const built = builtFrom(password, { account: accountWords(owner), server: serverWords(instance) }, list);
  if (built === "account") return ABOUT_THE_ACCOUNT;
  if (built === "server") return aboutTheServer(instance);
  if (await isBreachedPassword(password)) return BREACHED;
  return null;
}
