import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/security/headers";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "nodemailer", "@xmpp/client", "@zxcvbn-ts/language-common"],
  experimental: {
    // Large enough that a 1 MB field reaches validation and gets a clear message;
    // scripts/serve.ts refuses anything larger before Next sees it.
    serverActions: { bodySizeLimit: "2mb" },
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
