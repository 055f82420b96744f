/**
 * RFC 8628 §3.5 / RFC 6749 §5.2 error answers of the device endpoints: 400 with
 * `{ error, error_description }`, never cached. (Not lib/errors.ts: these codes
 * belong to the OAuth protocol and clients switch on them.)
 */
export const OAUTH_ERRORS = {
  authorization_pending: "The user has not answered yet. Keep polling at the interval.",
  slow_down: "Polling too fast: the interval is now 5 seconds longer.",
  access_denied: "The user declined.",
  expired_token: "The device code has expired. Start again.",
  invalid_grant: "Unknown or already used device code.",
  invalid_request: "The request is missing a parameter or is malformed.",
  unsupported_grant_type: `grant_type must be urn:ietf:params:oauth:grant-type:device_code.`,
} as const;

export type OAuthError = keyof typeof OAUTH_ERRORS;

export function oauthError(error: OAuthError, description?: string): Response {
  return Response.json(
    { error, error_description: description ?? OAUTH_ERRORS[error] },
    { status: 400, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } },
  );
}
