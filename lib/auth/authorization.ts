import "server-only";

/**
 * Parses an `Authorization` header (RFC 7617 Basic, RFC 6750 Bearer) into
 * credentials, or says why not. Pure and bounded: a malformed header is the
 * client's mistake (400), an unknown scheme means "no credentials we take" (401).
 */

export type Credentials = { scheme: "basic"; login: string; secret: string } | { scheme: "bearer"; secret: string };

export type ParsedAuthorization = { ok: true; credentials: Credentials } | { ok: false; error: "invalid_input" | "unauthenticated"; message: string };

/** Generous for a 64-character login and a 1024-character password in base64. */
export const MAX_AUTHORIZATION_LENGTH = 8192;
const MAX_BEARER_LENGTH = 512;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

const malformed = (why: string): ParsedAuthorization => ({
  ok: false,
  error: "invalid_input",
  message: `The Authorization header is malformed: ${why}.`,
});

export function parseAuthorization(header: string): ParsedAuthorization {
  if (header.length > MAX_AUTHORIZATION_LENGTH) return malformed("it is too long");
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const value = space < 0 ? "" : trimmed.slice(space).trim();
  if (scheme === "basic") return basic(value);
  if (scheme === "bearer") return bearer(value);
  return { ok: false, error: "unauthenticated", message: "Unsupported authorization scheme: use Basic or Bearer with an app password." };
}

function basic(value: string): ParsedAuthorization {
  if (!value) return malformed("Basic needs base64(login:password)");
  if (!BASE64.test(value) || value.length % 4 === 1) return malformed("the credentials are not valid base64");
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(value, "base64"));
  } catch {
    return malformed("the credentials are not UTF-8");
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return malformed("the credentials have no colon between login and password");
  const login = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (!login || !secret) return malformed("the login or the password is empty");
  return { ok: true, credentials: { scheme: "basic", login, secret } };
}

function bearer(value: string): ParsedAuthorization {
  if (!value) return malformed("Bearer needs an app password");
  if (value.length > MAX_BEARER_LENGTH || /\s/.test(value)) return malformed("the bearer token is not valid");
  return { ok: true, credentials: { scheme: "bearer", secret: value } };
}
