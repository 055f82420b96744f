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
  "sign_in.refused",
  "admin_code.generated",
  "admin_role.granted",
  "admin_role.removed",
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
  /** How it was made (an app password: "the security settings page", "a device code", …). */
  origin?: string;
  /** Until when it works (an administrator's one-time sign-in code, an app password). */
  expiresAt?: Date;
};

export type Recipient = { displayName: string; login: string };
export type Instance = { name: string; publicUrl: string | undefined };

const clean = (s: string | undefined | null, max = 100) =>
  (s ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .trim()
    .slice(0, max);

function what(kind: NotificationKind, d: NotificationDetails): { subject: string; line: string } {
  const by = d.byAdmin ? " by an administrator" : "";
  const factor = d.provider ? `The two-factor method "${clean(d.provider)}"` : "A two-factor method";
  switch (kind) {
    case "app_password.created":
      return {
        subject: "A new app password was created",
        line: `A new app password named "${clean(d.name) || "unnamed"}" was created for your account${by}${d.origin ? ` through ${clean(d.origin)}` : ""}${d.expiresAt ? `; it works until ${utc(d.expiresAt)}` : ""}.`,
      };
    case "factor.enabled":
      return { subject: "Two-factor method turned on", line: `${factor} was turned on for your account${by}.` };
    case "factor.disabled":
      return { subject: "Two-factor method turned off", line: `${factor} was turned off for your account${by}.` };
    case "backup_codes.regenerated":
      return { subject: "New backup codes were generated", line: `New backup codes were generated for your account${by}. The previous codes no longer work.` };
    case "password.changed":
      return { subject: "Your password was changed", line: `The password of your account was changed${by}.` };
    case "admin_code.generated":
      return {
        subject: "A one-time sign-in code was made for your account",
        line: `A one-time code that signs in to your account in place of your second factor was generated${by}. It works once${d.expiresAt ? `, until ${utc(d.expiresAt)}` : ""}; you will then be asked to set up a new second factor.`,
      };
    case "admin_role.granted":
      return {
        subject: "You are now an administrator",
        line: `Your account was given the administrator role${by}. It can now change every account and the server's security settings.`,
      };
    case "admin_role.removed":
      return { subject: "You are no longer an administrator", line: `The administrator role of your account was removed${by}.` };
    case "sign_in.refused": {
      const device = describeDevice(parseDevice(d.userAgent)) ?? "an unknown browser";
      return {
        subject: "A sign-in you refused was stopped",
        line: `You refused a sign-in from ${device} on one of your signed-in devices, and chose to secure your account: that sign-in was ended. Someone knows your password: change it now.`,
      };
    }
    case "sign_in.new_browser": {
      const device = describeDevice(parseDevice(d.userAgent)) ?? "an unknown browser";
      return {
        subject: `New sign-in from ${device}`,
        line: `Your account was signed in to from ${device}, at an address neither has signed in to it from before.`,
      };
    }
  }
}

const utc = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export function composeNotification(kind: NotificationKind, to: Recipient, details: NotificationDetails, instance: Instance) {
  const { subject, line } = what(kind, details);
  const at = utc(details.at ?? new Date());
  const device = describeDevice(parseDevice(details.userAgent));
  const from = [clean(details.ip, 64), device ? `(${device})` : ""].filter(Boolean).join(" ");
  // A sign-in (new, or refused) links straight to the devices list, where sessions can be signed out.
  const anchor = kind === "sign_in.new_browser" || kind === "sign_in.refused" ? "#devices" : "";
  const page = instance.publicUrl ? `${instance.publicUrl}/settings/security${anchor}` : "the Security page of your account";
  const text = [
    `Hello ${clean(to.displayName) || clean(to.login)},`,
    "",
    line,
    "",
    `Account: ${clean(to.login, 64)}`,
    `When: ${at}`,
    ...(from ? [`From: ${from}`] : []),
    "",
    ...(details.byAdmin
      ? ["If you did not ask an administrator for this, tell them at once, and check the", `sessions and app passwords of your account: ${page}`]
      : kind === "sign_in.refused"
        ? // The owner has said it was not them: no "if this was you".
          ["Sign in now, change your password, sign out the sessions and revoke the app", `passwords you do not recognise: ${page}`]
        : [
            "If this was you, there is nothing to do.",
            "If it was not, sign in now, change your password, sign out the sessions and revoke",
            `the app passwords you do not recognise: ${page}`,
          ]),
    "",
    `-- ${clean(instance.name, 64)}`,
    "",
  ].join("\n");
  return { subject: `[${clean(instance.name, 64)}] ${subject}`, text };
}
