import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "nodemailer", "@xmpp/client"],
  experimental: {
    // Large enough that a 1 MB field reaches validation and gets a clear message;
    // scripts/serve.ts refuses anything larger before Next sees it.
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default config;
