/**
 * One catalogue of the failures a user, a client or an admin can meet: code →
 * HTTP status and the sentence they read. Actions return `{ ok: false, error }`
 * for these; anything else is a bug and is thrown.
 */
export const ERRORS = {
  invalid_input: { status: 400, message: "Some of the input is not valid." },
  invalid_credentials: { status: 401, message: "Wrong login or password." },
  app_password_in_browser: {
    status: 401,
    message: "That is an app password. App passwords are for apps and clients; sign in here with your account password.",
  },
  account_disabled: { status: 403, message: "This account is disabled. Ask your administrator." },
  unauthenticated: { status: 401, message: "Sign in to continue." },
  app_password_required: {
    status: 401,
    message: "This account requires an app password for clients. Create one on the security settings page and use it instead of your login password.",
  },
  two_factor_setup_required: {
    status: 403,
    message: "This account must set up two-factor authentication first. Sign in in a browser to set it up, then give this client an app password.",
  },
  forbidden: { status: 403, message: "You are not allowed to do that." },
  read_only_token: { status: 403, message: "This app password is read-only: it can read but not change anything." },
  not_found: { status: 404, message: "Not found." },
  login_taken: { status: 409, message: "That login name is already taken." },
  setup_done: { status: 404, message: "Gatehouse is already set up." },
  challenge_missing: { status: 401, message: "Your sign-in has expired or was not started. Sign in again." },
  sudo_required: { status: 403, message: "Confirm it's you to continue." },
  too_many_requests: { status: 429, message: "Too many attempts. Wait a moment and try again." },
  sign_in_busy: { status: 503, message: "Too many sign-ins are waiting right now. Try again in a few seconds." },
  payload_too_large: { status: 413, message: "The request is too large." },
  request_timeout: { status: 408, message: "The request took too long to arrive. Try again." },
  length_required: { status: 411, message: "Send the request body with a Content-Length." },
  method_not_allowed: { status: 405, message: "That method is not supported." },
  channel_unavailable: { status: 409, message: "That channel is not available on this server. Ask your administrator." },
  delivery_failed: { status: 502, message: "The message could not be sent. Try again later or use another way." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export type Failure = { ok: false; error: ErrorCode; message: string; fields?: Record<string, string> };
export type Result<T = undefined> = ({ ok: true } & (T extends undefined ? object : { data: T })) | Failure;

export function failure(error: ErrorCode, message?: string, fields?: Record<string, string>): Failure {
  return { ok: false, error, message: message ?? ERRORS[error].message, ...(fields ? { fields } : {}) };
}

/** A JSON error response for route handlers: `{ error, message }`, never a stack. */
export function errorResponse(error: ErrorCode, init?: { message?: string; headers?: HeadersInit }): Response {
  return Response.json({ error, message: init?.message ?? ERRORS[error].message }, { status: ERRORS[error].status, headers: init?.headers });
}
