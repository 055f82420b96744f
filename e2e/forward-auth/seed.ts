/**
 * Seeds the forward-auth e2e instance through the same lib/ functions as the UI:
 * a user with TOTP and the protected apps. Run with GATEHOUSE_DATA_DIR set:
 *   node --import ./bin/register.mjs e2e/forward-auth/seed.ts <nginx port> [http|https]
 * Prints {"login","password","displayName","secret"} as one JSON line.
 */
import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { addApp } from "@/lib/apps/protected-apps";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { beginEnrolment, confirmEnrolment } from "@/lib/providers/totp/store";
import { createUser } from "@/lib/users";

async function main(port: string, scheme: string): Promise<void> {
  await migrate(env().databaseUrl);
  const login = `fa-${randomBytes(4).toString("hex")}`;
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const displayName = "Zoë Forward";
  const created = await createUser({ login, password, displayName });
  if (!created.ok) throw new Error(created.message);
  const secret = await beginEnrolment(created.data.id);
  if (!secret) throw new Error("could not enrol TOTP");
  // Confirmed with the previous step's code, so the current one is still fresh for the sign-in.
  if (!(await confirmEnrolment(created.data.id, await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }))))
    throw new Error("could not confirm TOTP");
  for (const name of ["echo", "wiki"]) {
    const added = await addApp({ name: `${name}-${login}`, url: `${scheme}://${name}.gatehouse.test:${port}` }, "e2e");
    if (!added.ok && !added.message.includes("already exists")) throw new Error(added.message);
  }
  console.log(JSON.stringify({ login, password, displayName, secret }));
}

main(process.argv[2] ?? "4721", process.argv[3] === "https" ? "https" : "http").then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
