import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { redeemChallenge } from "@/lib/auth/challenge";
import { secureCookies, sessionCookieName, sessionCookieOptions } from "@/lib/auth/cookies";
import { jwtSecret } from "@/lib/auth/session-cookie";
import { SESSION_ABSOLUTE } from "@/lib/auth/policy";
import { clientMeta } from "@/lib/auth/request-meta";

/**
 * next-auth as a thin shell. Its Credentials provider takes one thing: the id of a
 * verified login challenge (lib/auth/challenge.ts). `authorize` redeems it exactly
 * once for a new session-token row, and the JWT carries only that token's secret
 * (`sid`) — never user data that could go stale. Reading sessions does not go
 * through next-auth's `auth()` (which re-encrypts and re-issues the JWT on every
 * call): lib/auth/session.ts decodes the cookie and looks the row up.
 */
export const { handlers, signIn, signOut } = NextAuth(() => ({
  secret: jwtSecret(),
  trustHost: true,
  // next-auth's own cookies (callback URL, CSRF) follow PUBLIC_URL like ours do,
  // not the scheme the request happened to arrive with behind a proxy.
  useSecureCookies: secureCookies(),
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE / 1000 },
  cookies: { sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() } },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      credentials: { challenge: {} },
      async authorize(credentials) {
        const challenge = credentials?.challenge;
        if (typeof challenge !== "string") return null;
        const sid = await redeemChallenge(challenge, clientMeta(await headers()));
        return sid ? { id: sid } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) return { sid: user.id };
      return typeof token.sid === "string" ? { sid: token.sid } : null;
    },
  },
}));
