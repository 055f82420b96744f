import "server-only";
import { db } from "@/lib/db";

/** The account's e-mail address, to suggest as the recipient of e-mailed codes. */
export async function accountEmail(userId: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null;
}
