import type { HeaderReader } from "@/lib/forward-auth/original-request";

/**
 * (contract) "A browser" is a GET/HEAD without Authorization whose Accept
 * includes text/html or whose Sec-Fetch-Mode is navigate: it is sent to the
 * sign-in page. Every other request is a client and gets a Basic challenge.
 */
export function isBrowser(method: string, header: HeaderReader): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (header("authorization") !== undefined) return false;
  return (header("accept") ?? "").toLowerCase().includes("text/html") || header("sec-fetch-mode") === "navigate";
}
