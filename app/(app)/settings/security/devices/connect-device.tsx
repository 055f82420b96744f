"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import type { GrantStatus } from "@/lib/client-flows/grants";
import { connectStatusAction, startConnectDeviceAction, type ConnectStarted } from "./connect-actions";

/**
 * "Connect a device": a QR code for a phone app (it carries a Login Flow's poll
 * token and login URL; the link under it is the same, for those who cannot
 * scan), then the flow followed live whichever side grants: waiting → the app
 * that polled and the browser that opened the login URL → granted → connected
 * (the devices list is refreshed), declined or expired.
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
const FINISHED: GrantStatus["status"][] = ["delivered", "denied", "expired"];

function Following({ started }: { started: ConnectStarted }) {
  const router = useRouter();
  const [status, setStatus] = useState<GrantStatus | null>(null);
  const finished = status !== null && FINISHED.includes(status.status);
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => {
      void connectStatusAction(started.id).then(setStatus);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [started.id, finished]);
  const delivered = status?.status === "delivered";
  useEffect(() => {
    // The new app password belongs in the devices list above: re-render it (this component keeps its state).
    if (delivered) router.refresh();
  }, [delivered, router]);
  return (
    <div aria-label="Connecting a device" role="region" className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
      <p className="text-sm text-slate-700">
        Scan this code with the app on your phone: the app opens a sign-in page in the phone&apos;s browser, where you grant it access. Only you should see this
        code: whoever scans it first can ask for access (and only you can grant it).
      </p>
      {/* A data: URL made on the server; next/image adds nothing here. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={started.qrCode} width={232} height={232} alt="QR code for the app on your phone" className="rounded ring-1 ring-slate-200" />
      <div className="space-y-1">
        <label htmlFor="connect-uri" className="block text-sm font-medium text-slate-800">
          Can&apos;t scan? Copy this link into the app
        </label>
        <input
          id="connect-uri"
          readOnly
          value={started.uri}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full rounded-md border-0 px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-300"
        />
      </div>
      <p className="text-sm text-slate-700">
        Match code: <span className="font-mono font-semibold">{started.matchCode}</span>
      </p>
      <p role="status" data-testid="connect-status" className="text-sm font-medium text-slate-900">
        {describe(status)}
      </p>
      {status?.status === "pending" && (status.ip || status.opened) ? (
        <ul aria-label="Who is connecting" className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          {status.ip ? (
            <li data-testid="connect-app">
              The app: {status.device ?? "unknown device"} at <span className="font-mono">{status.ip}</span>
            </li>
          ) : null}
          {status.opened ? (
            <li data-testid="connect-browser">
              Signed in to grant it: {status.opened.device ?? "unknown browser"} at <span className="font-mono">{status.opened.ip}</span>
            </li>
          ) : null}
        </ul>
      ) : null}
      {status?.status === "pending" && status.ip ? (
        <Link href={started.review} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Review and grant access
        </Link>
      ) : null}
    </div>
  );
}

function describe(status: GrantStatus | null): string {
  if (!status) return "Waiting for the device to scan the code…";
  switch (status.status) {
    case "pending":
      if (status.opened) return `Opened on ${status.opened.device ?? "a browser"} from ${status.opened.ip}: grant access there (check the match code).`;
      if (status.ip)
        return `A device is asking: ${status.device ?? "unknown device"} from ${status.ip}. Check the match code on it, then grant on the phone or review here.`;
      return "Waiting for the device to scan the code…";
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
