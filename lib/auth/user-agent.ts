import "server-only";
import { UAParser } from "ua-parser-js";

/**
 * A human name for a browser from its user agent: "Firefox on Android",
 * "Chrome on Windows". ua-parser-js calls mobile builds "Mobile Chrome"; the OS
 * already says it is a phone.
 */
export function deviceLabel(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = UAParser(userAgent);
  const name = browser.name?.replace(/^Mobile /, "");
  if (name && os.name) return `${name} on ${os.name}`;
  if (name) return name;
  if (os.name) return `Browser on ${os.name}`;
  return userAgent.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, 60) || "Unknown browser";
}
