"use server";
import { endCurrentSession } from "@/lib/dal/session-actions";

/** Signs out: deletes this session's token row, then clears the cookie. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession("/login?notice=signed-out");
}
