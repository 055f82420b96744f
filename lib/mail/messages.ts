import { describeDevice, parseDevice } from "@/lib/security/user-agent";

/**
 * The notification e-mails: one subject and one plain-text body per kind. Plain
 * text only (nothing to inject into), and only what the user needs to recognise
 * the change — never a secret, code or app password.
 */

export const NOTIFICATION_KINDS = [
  "app_password.created",
  "factor.enabled",
  "factor.disabled",
  "backup_codes.regenerated",
  "password.changed",
  "sign_in.new_browser",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationDetails = {
  ip?: string | null;
  userAgent?: string | null;
  /** When it happened (default: now). */
  at?: Date;
  /** The app password's name. */
  name?: string;
  /** The second factor's display name ("Authenticator app"). */
  provider?: string;
  /** Set when an administrator (or the CLI) made the change. */
  byAdmin?: boolean;
};

export type Recipient = { displayName: string; login: string };
export type Instance = { name: string; publicUrl: string | undefined };

const clean = (s: string | undefined | null, max = 100) => (s ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trim().slice(0, max);

function what(kind: NotificationKind, d: NotificationDetails): { subject: string; line: string } {
  const by = d.byAdmin ? " by an administrator" : "";
  const factor = d.provider ? `The two-factor method "${clean(d.provider)}"` : "A two-factor method";
  switch (kind) {
    case "app_password.created":
      return { subject: "A new app password was created", line: `A new app password named "${clean(d.name) || "unnamed"}" was created for your account${by}.` };
    case "factor.enabled":
      return { subject: "Two-factor method turned on", line: `${factor} was turned on for your account${by}.` };
    case "factor.disabled":
      return { subject: "Two-factor method turned off", line: `${factor} was turned off for your account${by}.` };
    case "backup_codes.regenerated":
      return { subject: "New backup codes were generated", line: `New backup codes were generated for your account${by}. The previous codes no longer work.` };
    case "password.changed":
      return { subject: "Your password was changed", line: `The password of your account was changed${by}.` };
    case "sign_in.new_browser": {
      const device = describeDevice(parseDevice(d.userAgent)) ?? "an unknown browser";
      return { subject: `New sign-in from ${device}`, line: `Your account was signed in to from ${device}, which has not signed in to it before.` };
    }
  }
}

export function composeNotification(kind: NotificationKind, to: Recipient, details: NotificationDetails, instance: Instance) {
  const { subject, line } = what(kind, details);
  const at = (details.at ?? new Date()).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const device = describeDevice(parseDevice(details.userAgent));
  const from = [clean(details.ip, 64), device ? `(${device})` : ""].filter(Boolean).join(" ");
  const page = instance.publicUrl ? `${instance.publicUrl}/settings/security` : "the Security page of your account";
  const text = [
    `Hello ${clean(to.displayName) || clean(to.login)},`,
    "",
    line,
    "",
    `Account: ${clean(to.login, 64)}`,
    `When: ${at}`,
    ...(from ? [`From: ${from}`] : []),
    "",
    "If this was you, there is nothing to do.",
    "If it was not, sign in now, change your password, sign out the sessions and revoke",
    `the app passwords you do not recognise: ${page}`,
    "",
    `-- ${clean(instance.name, 64)}`,
    "",
  ].join("\n");
  return { subject: `[${clean(instance.name, 64)}] ${subject}`, text };
}
