// Another server instance on the same database, for admin.concurrent-demotion.test.ts:
// `node --import bin/register.mjs test/support/remove-admin.ts <demote|disable> <user id> <actor>`
// loads everything, says "ready", waits for a line on stdin, then removes that admin and prints whether it could.
import { createInterface } from "node:readline";
import { setAdmin, setDisabled } from "@/lib/admin/accounts";
import { db } from "@/lib/db";

const [op, userId, actor] = process.argv.slice(2) as [string, string, string];
const target = await db.user.findUniqueOrThrow({ where: { id: userId } });
await db.user.count(); // connection open before the start signal
process.stdout.write("ready\n");
await new Promise((resolve) => createInterface({ input: process.stdin }).once("line", resolve));
const result = op === "demote" ? await setAdmin(target, false, actor) : await setDisabled(target, true, actor);
process.stdout.write(`${JSON.stringify({ ok: result.ok })}\n`);
await db.$disconnect();
process.exit(0);
