import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";

/** Instance settings stored as JSON in AppConfig, read and written through typed helpers. */

type Tx = Prisma.TransactionClient;

export async function readJsonSetting<T>(key: string, fallback: T): Promise<T> {
  const row = await db.appConfig.findUnique({ where: { key } });
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

export async function writeJsonSetting(key: string, value: unknown, tx: Tx = db): Promise<void> {
  const json = JSON.stringify(value);
  await tx.appConfig.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
}
