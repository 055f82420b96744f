/** Security numbers in one place (see docs/security.md). Durations in milliseconds. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const SESSION_IDLE = 24 * HOUR;
export const SESSION_IDLE_REMEMBER = 15 * DAY;
export const SESSION_ABSOLUTE = 30 * DAY;
/** Last-activity/IP/user-agent are written at most this often per token. */
export const ACTIVITY_WRITE_INTERVAL = MINUTE;

export const CHALLENGE_LIFETIME = 10 * MINUTE;
export const CHALLENGE_MAX_ATTEMPTS = 5;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

/** Sudo mode: sensitive actions need a password or second factor this recent. */
export const SUDO_WINDOW = 15 * MINUTE;

/**
 * Throttling (lib/auth/throttle.ts). The configurable numbers are in lib/env.ts
 * (THROTTLE_*); these are fixed. The delay after n failures is 0.1 s × 2^n.
 */
export const THROTTLE_BASE_DELAY = 100;
/** A wait up to this long is served by pausing the request; a longer one is answered 429 + Retry-After. */
export const THROTTLE_MAX_PAUSE = 2000;
/** An address the account signed in from within this period is "known" (see lib/auth/known-address.ts). */
export const KNOWN_ADDRESS_PERIOD = 90 * DAY;
/** A device cookie (lib/auth/device-cookie.ts) lasts this long after the sign-in that issued it. */
export const DEVICE_COOKIE_LIFETIME = 90 * DAY;
