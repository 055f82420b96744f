/**
 * (contract) What an allowed request carries to the app, through the proxy:
 * Remote-User (login), Remote-Name, Remote-Email (when known), Remote-Groups
 * (comma-separated). Values are UTF-8 on the wire (written byte for byte, as
 * other forward-auth servers do) with control characters removed, so a display
 * name can neither break the header nor add one.
 */

export type RemoteUser = { login: string; displayName: string; email: string | null };

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A header value Node accepts (latin-1 code units) carrying the UTF-8 bytes of `text`. */
export function headerValue(text: string): string {
  return Buffer.from(text.replace(CONTROL, " "), "utf8").toString("latin1");
}

/** `methods`: how the session was made (space-separated as stored); sent comma-separated as Remote-Auth-Methods. */
export function remoteHeaders(user: RemoteUser, groups: readonly string[], methods: string | null = null): Record<string, string> {
  return {
    "Remote-User": headerValue(user.login),
    "Remote-Name": headerValue(user.displayName),
    ...(user.email ? { "Remote-Email": headerValue(user.email) } : {}),
    "Remote-Groups": headerValue(groups.join(",")),
    // Always present (empty when unknown: app passwords, older sessions), like Remote-Groups: Caddy's copy_headers
    // would otherwise hand the app its unexpanded placeholder.
    "Remote-Auth-Methods": headerValue((methods ?? "").split(" ").filter(Boolean).join(",")),
  };
}
