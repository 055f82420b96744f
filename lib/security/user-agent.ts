import { UAParser } from "ua-parser-js";

/**
 * What a user agent string says, in words a person recognises: "Firefox on
 * Linux". Used by the activity list and by the "new browser" notification, which
 * compares browser + operating system (never versions, which change weekly).
 */
export type Device = { browser: string | null; os: string | null };

export function parseDevice(userAgent: string | null | undefined): Device {
  if (!userAgent) return { browser: null, os: null };
  const { browser, os } = UAParser(userAgent.slice(0, 512));
  return { browser: browser.name ?? null, os: os.name ?? null };
}

export function describeDevice(device: Device): string | null {
  if (device.browser && device.os) return `${device.browser} on ${device.os}`;
  return device.browser ?? device.os ?? null;
}

/** The identity compared for "seen before": browser family and operating system. */
export function deviceKey(userAgent: string | null | undefined): string {
  const { browser, os } = parseDevice(userAgent);
  return `${browser ?? "?"}|${os ?? "?"}`;
}

/**
 * A session's name in the devices list: "Firefox on Android", "Chrome on
 * Windows". ua-parser-js calls mobile builds "Mobile Chrome"; the OS already
 * says it is a phone. Unrecognised: the string itself, cleaned and cut short.
 */
export function deviceLabel(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = parseDevice(userAgent);
  const name = browser?.replace(/^Mobile /, "") || null;
  if (name && os) return `${name} on ${os}`;
  if (name) return name;
  if (os) return `Browser on ${os}`;
  return userAgent.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, 60) || "Unknown browser";
}
