import type { NextConfig } from "next";
import { MAX_BODY_BYTES } from "./lib/net/limits";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/security/headers";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@node-rs/argon2",
    "pg",
    "nodemailer",
    "@xmpp/client",
    "@zxcvbn-ts/language-common",
    "pino",
    "pino-pretty",
    "prom-client",
  ],
  experimental: {
    // Above MAX_BODY_BYTES, which scripts/serve.ts enforces with a clean 413 before
    // Next sees the body: Next's own limit, when crossed, throws and answers 500.
    serverActions: { bodySizeLimit: 2 * MAX_BODY_BYTES },
  },
  // Pages get their per-request CSP (with a nonce) from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default config;
