import "server-only";
import { isKnownAddress, isKnownAddressForLogin } from "@/lib/auth/known-address";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { loginAccount, throttled, type Clock, type Throttled } from "@/lib/auth/throttle";
import { countSignIn } from "@/lib/metrics";

/**
 * Every check of a password or a second-factor answer goes through one of these
 * two, so that each is throttled per address and per account the same way
 * (lib/auth/throttle.ts) and the owner's known addresses are never slowed.
 * `check` returns `{ ok }`; a refused attempt comes back as a `Throttled`
 * failure (a form shows its message; a route handler answers
 * `tooManyRequestsResponse(result.retryAfter)`).
 */

export type PasswordAction = "login" | "api_basic" | "app_password_exchange" | "sudo";

/**
 * Around a check of the login password typed for `login` (the name as given; it
 * is normalised). `device` is the id of a device cookie verified for that login.
 */
export function passwordAttempt<T extends { ok: boolean }>(
  action: PasswordAction,
  login: string,
  meta: ClientMeta,
  check: () => Promise<T>,
  options: { clock?: Clock; device?: string | null } = {},
): Promise<T | Throttled> {
  const result = throttled(action, { address: meta.ip, account: loginAccount(login), device: options.device }, check, {
    clock: options.clock,
    isKnownAddress: () => isKnownAddressForLogin(login, meta.ip),
  });
  return result.then((r) => (countSignIn(action, r.ok ? "ok" : isThrottled(r) ? "throttled" : "failed"), r));
}

/** Around a second-factor provider's verify() for the user of a login challenge. */
export function secondFactorAttempt<T extends { ok: boolean }>(
  userId: string,
  meta: ClientMeta,
  check: () => Promise<T>,
  options: { clock?: Clock } = {},
): Promise<T | Throttled> {
  return throttled("second_factor", { address: meta.ip, account: userId }, check, {
    clock: options.clock,
    isKnownAddress: () => isKnownAddress(userId, meta.ip),
  });
}

export function isThrottled(result: { ok: boolean }): result is Throttled {
  return !result.ok && "retryAfter" in result;
}
