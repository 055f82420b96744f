/**
 * What the settings page's "Connect a device" QR code carries (docs/clients.md
 * § Connecting from the settings page):
 *
 *   gatehouse://login-flow?server=<server URL>&token=<poll token>&login=<login URL>
 *
 * a form-encoded query (every value percent-encoded, so a server URL's `:`, `/`,
 * `?` or `&` cannot be mistaken for a separator). The app polls
 * `<server>/api/v1/login/flow/poll` with `token` and opens `login` — which holds
 * only the page token — in the phone's browser. The reference parser, with the
 * rules an app must apply, is `parseConnectUri` in examples/connect-client.mjs.
 */

export const CONNECT_URI_PREFIX = "gatehouse://login-flow?";

export function connectUri(parts: { server: string; token: string; login: string }): string {
  return CONNECT_URI_PREFIX + new URLSearchParams({ server: parts.server, token: parts.token, login: parts.login }).toString();
}
