import "server-only";
import { protectedApps } from "@/lib/apps/app-snapshot";
import { matchApp } from "@/lib/forward-auth/match";
import { meetsAssurance, parseMethods } from "@/lib/two-factor/assurance";

/**
 * Whether a return URL (already made safe by `safeReturnTo`) leads to a protected
 * app that asks more of a session than its methods give: then the browser goes
 * to the step-up page (`/login/step-up?rd=…`) rather than round to the app and
 * back. Returns that app's name, or null (a Gatehouse path, no such app, or the
 * session already meets the app's rule).
 */
export async function appAskingMore(next: string, methods: string | null): Promise<string | null> {
  if (next.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return null;
  }
  const app = matchApp(await protectedApps(), url);
  if (!app || app.public || !app.require) return null;
  return meetsAssurance(parseMethods(methods), app.require) ? null : app.name;
}

/** The step-up page for a return URL. */
export function stepUpPath(next: string): string {
  return `/login/step-up?rd=${encodeURIComponent(next)}`;
}
