import { existsSync } from "node:fs";

/**
 * The browser every e2e run launches: Debian's Chromium by default (CHROMIUM_PATH
 * overrides; unset, without /usr/bin/chromium, Playwright's own is used), with the
 * flags this closed, root-run machine needs (no sandbox, no background networking).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
