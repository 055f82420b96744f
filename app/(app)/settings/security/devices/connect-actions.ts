"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { qrCodeDataUrl, serverUrl } from "@/lib/auth/login-uri";
import { grantStatus, type GrantStatus } from "@/lib/client-flows/grants";
import { startConnectFlow } from "@/lib/client-flows/login-flow";
import { actionSession } from "@/lib/dal/guard";
import { failure } from "@/lib/errors";
import { calledAsForm, type FormState } from "@/lib/forms";

/**
 * "Connect a device": start a Login Flow for a phone app (its QR code carries the
 * poll token and the login URL), then follow it. Starting creates nothing that
 * works: the user still signs in on the phone (or reviews here) and grants on
 * the grant page, with sudo.
 */

export type ConnectStarted = { id: string; uri: string; qrCode: string; review: string; matchCode: string };
export type ConnectState = FormState | { ok: true; started: ConnectStarted };

export async function startConnectDeviceAction(_prev: ConnectState, form: FormData): Promise<ConnectState> {
  if (!calledAsForm(form)) return failure("invalid_input");
  const guard = await actionSession();
  if ("failure" in guard) return guard.failure;
  const started = await startConnectFlow(serverUrl(await headers()), guard.session.user.id);
  if (!started.ok) return started;
  const { id, uri, review, matchCode } = started.data;
  return { ok: true, started: { id, uri, review, matchCode, qrCode: await qrCodeDataUrl(uri) } };
}

const grantId = z.string().min(1).max(64);

/** The followed flow's state, for its owner only (anyone else: null). */
export async function connectStatusAction(id: string): Promise<GrantStatus | null> {
  const parsed = grantId.safeParse(id);
  if (!parsed.success) return null;
  const guard = await actionSession();
  if ("failure" in guard) return null;
  return grantStatus(guard.session.user.id, parsed.data);
}
