/**
 * Response headers that tell browsers what this site may do (pure values, shared
 * by proxy.ts, next.config.ts and scripts/serve.ts — no secrets here).
 *
 * - HTML pages get a per-request Content-Security-Policy from proxy.ts: scripts
 *   and styles only with that request's nonce (Next.js reads it from the CSP
 *   request header and puts it on its own tags), nothing inline, no plugins,
 *   no <base>, forms only to this site, never framed.
 * - Everything (API and assets too) gets nosniff, a same-origin Referrer-Policy,
 *   a Permissions-Policy that turns off hardware the app never uses, and COOP.
 * - API responses get a CSP that allows nothing at all.
 * - Over https, scripts/serve.ts adds HSTS.
 */

export type CspOptions = { dev: boolean; https: boolean };

export function contentSecurityPolicy(nonce: string, { dev, https }: CspOptions): string {
  return [
    "default-src 'self'",
    // React needs eval only for its development error overlay.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** 128 random bits, base64 (what CSP nonces are made of). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * "same-origin", not "no-referrer": with no-referrer browsers send `Origin: null`
 * on form posts, and Next.js refuses server actions whose Origin is not this host.
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=(), browsing-topics=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Obsolete where frame-ancestors is understood; kept for old browsers.
  { key: "X-Frame-Options", value: "DENY" },
];

/** HSTS for an https deployment (one year, subdomains included), or null over http. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return publicUrl?.startsWith("https://") ? "max-age=31536000; includeSubDomains" : null;
}
