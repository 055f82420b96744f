import { z } from "zod";

/**
 * Recipient formats, one schema each: they validate and normalise what a user
 * (or an admin on the CLI) typed, with a message that says how to write it.
 * A recipient is refused before any pattern runs when it is absurdly long.
 */

const MAX_RECIPIENT = 256;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function recipientText(label: string) {
  return z
    .string({ error: `${label} is required.` })
    .max(MAX_RECIPIENT, `${label} is too long.`)
    .refine((s) => !CONTROL.test(s), `${label} contains characters that are not allowed.`)
    .transform((s) => s.normalize("NFKC").trim())
    .refine((s) => s.length > 0, `${label} is required.`);
}

/** E.164 phone numbers: "+49 170 1234567", "0049-170-1234567" → "+491701234567". */
export const phoneNumber = recipientText("Phone number")
  .transform((s) => s.replace(/[\s\-.()/]/g, "").replace(/^00/, "+"))
  .refine(
    (s) => /^\+[1-9]\d{6,14}$/.test(s),
    "Enter the phone number in international format: + and the country code, then the number (e.g. +49 170 1234567).",
  );

export function maskPhone(number: string): string {
  return `${number.slice(0, 3)} ••• ••• ${number.slice(-2)}`;
}

/** Threema IDs: 8 characters, digits, capital letters and "*" (lower case is accepted and raised). */
export const threemaId = recipientText("Threema ID")
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[0-9A-Z*]{8}$/.test(s), "A Threema ID has exactly 8 characters: letters, digits or * (e.g. ECHOECHO).");

export function maskThreemaId(id: string): string {
  return `${id.slice(0, 2)}••••${id.slice(-2)}`;
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Bare XMPP addresses (JIDs): name@example.org, no resource. */
export const jabberId = recipientText("Jabber ID")
  .transform((s) => s.toLowerCase())
  .refine((s) => {
    const at = s.lastIndexOf("@");
    if (at < 1 || s.includes("/")) return false;
    const local = s.slice(0, at);
    const domain = s.slice(at + 1);
    return local.length <= 1023 && !/[\s"&'/:<>@]/.test(local) && DOMAIN.test(domain);
  }, "Enter a Jabber ID like name@example.org (no resource after a slash).");

export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, 1)}•••@${address.slice(at + 1)}`;
}

/** E-mail addresses; the domain is lower-cased. */
export const emailAddress = recipientText("E-mail address")
  .refine((s) => s.length <= 254, "E-mail address is too long.")
  .pipe(z.email("That is not a valid e-mail address."))
  .transform((s) => {
    const at = s.lastIndexOf("@");
    return `${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`;
  });

/** Telegram chat ids: the number of the user's private chat with the bot. */
export const telegramChatId = recipientText("Chat id").refine(
  (s) => /^-?[1-9]\d{0,19}$/.test(s),
  "A Telegram chat id is a number such as 123456789 (see below how to find yours).",
);

export function maskChatId(id: string): string {
  return `••••${id.slice(-3)}`;
}
