"use client";
import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import type { GrantStatus } from "@/lib/client-flows/grants";
import { connectStatusAction, startConnectDeviceAction, type ConnectStarted } from "./connect-actions";

/**
 * "Connect a device": a QR code for a phone app (it carries a Login Flow's poll
 * token), then the flow followed live: waiting → the device that polled (review
 * and grant on the grant page) → connected.
 */
export function ConnectDevice() {
  const [state, action] = useActionState(startConnectDeviceAction, null);
  if (state?.ok && "started" in state) return <Following started={state.started} />;
  return (
    <form action={action} aria-label="Connect a device" className="space-y-2">
      {state && !state.ok ? <Alert>{state.message}</Alert> : null}
      <SubmitButton variant="secondary" pendingText="Starting…">
        Connect a device
      </SubmitButton>
    </form>
  );
}

const POLL_MS = 2000;

function Following({ started }: { started: ConnectStarted }) {
  const [status, setStatus] = useState<GrantStatus | null>(null);
  const finished = status !== null && ["delivered", "denied", "expired"].includes(status.status);
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => {
      void connectStatusAction(started.id).then(setStatus);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [started.id, finished]);
  const polled = status?.ip ?? null;
  return (
    <div aria-label="Connecting a device" role="region" className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
      <p className="text-sm text-slate-700">
        Scan this code with the app on your phone. Only you should see it: whoever scans it first can ask for access (you still decide below).
      </p>
      {/* A data: URL made on the server; next/image adds nothing here. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={started.qrCode} width={232} height={232} alt="QR code for the app on your phone" className="rounded ring-1 ring-slate-200" />
      <p className="text-sm text-slate-700">
        Match code: <span className="font-mono font-semibold">{started.matchCode}</span>
      </p>
      <p role="status" data-testid="connect-status" className="text-sm font-medium text-slate-900">
        {describe(status, polled)}
      </p>
      {status?.status === "pending" && polled ? (
        <Link href={started.review} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Review and grant access
        </Link>
      ) : null}
    </div>
  );
}

function describe(status: GrantStatus | null, polled: string | null): string {
  if (!status || (status.status === "pending" && !polled)) return "Waiting for the device to scan the code…";
  switch (status.status) {
    case "pending":
      return `A device is asking: ${status.device ?? "unknown device"} from ${polled}. Check the match code on it, then review.`;
    case "granted":
      return "Granted: waiting for the device to collect its app password…";
    case "delivered":
      return "Connected: the device has its own app password (listed above).";
    case "denied":
      return "Declined: the device was not given access.";
    case "expired":
      return "This code has expired. Start again.";
  }
}
