import { MINUTE } from "@/lib/auth/policy";

/** The numbers of the message-code pattern (docs: design brief, "e-mail/gateway codes"). */
export const CODE_LENGTH = 6;
export const CODE_LIFETIME = 10 * MINUTE;
/** A new code (login or set-up) at most this often. */
export const RESEND_COOLDOWN = MINUTE;
/** Wrong set-up codes before the code is void (login attempts are counted by the core). */
export const SETUP_MAX_WRONG = 5;
