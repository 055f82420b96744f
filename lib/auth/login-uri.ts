import "server-only";
import QRCode from "qrcode";
import { env } from "@/lib/env";

/**
 * What a phone app scans to sign in with a new app password, after Nextcloud's
 * `nc://login/user:…&password:…&server:…`. Logins and app passwords contain no
 * `&` or `:` (their alphabets exclude them), so no escaping is needed.
 */
export function loginUri(login: string, appPassword: string, server: string): string {
  return `gatehouse://login/user:${login}&password:${appPassword}&server:${server}`;
}

/** This server's address as users reach it: PUBLIC_URL, else the request's origin. */
export function serverUrl(headers: Pick<Headers, "get">): string {
  const configured = env().publicUrl;
  if (configured) return configured;
  const host = headers.get("host");
  for (const candidate of [headers.get("origin"), host ? `http://${host}` : null]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    } catch {
      // not a URL: try the next one
    }
  }
  return "http://localhost";
}

/** The URI as a PNG data URL (error correction M, as authenticator QR codes use). */
export function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: "M", margin: 2, width: 232 });
}
