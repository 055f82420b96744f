import { NextResponse, type NextRequest } from "next/server";
import { cancelChallenge, findChallenge } from "@/lib/auth/challenge";
import { challengeCookieName } from "@/lib/auth/cookies";

/**
 * Ends the sign-in in progress and goes back to the password.
 * POST (the Cancel button) deletes the challenge; GET only clears the cookie of a
 * challenge that is already dead, so a cross-site link cannot cancel a live one.
 */
async function end(request: NextRequest, deleteLive: boolean): Promise<NextResponse> {
  const secret = request.cookies.get(challengeCookieName())?.value;
  const live = await findChallenge(secret);
  if (live && !deleteLive) return NextResponse.redirect(new URL("/login/challenge", request.url), 303);
  await cancelChallenge(secret);
  const notice = live ? "cancelled" : "expired";
  const response = NextResponse.redirect(new URL(`/login?notice=${notice}`, request.url), 303);
  response.cookies.delete({ name: challengeCookieName(), path: "/" });
  return response;
}

export const GET = (request: NextRequest) => end(request, false);
export const POST = (request: NextRequest) => end(request, true);
