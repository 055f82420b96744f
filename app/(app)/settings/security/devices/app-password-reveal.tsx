"use client";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import type { AppPasswordReveal as Reveal } from "./actions";

/**
 * The one-time reveal of a new app password: login name and password, each with
 * a copy button, and a QR code (gatehouse://login/…) for phone apps. There is no
 * way to show it again once closed.
 */
export function AppPasswordReveal({ reveal, onClose }: { reveal: Reveal; onClose: () => void }) {
  return (
    <Modal labelledBy="app-password-created-title" onCancel={onClose} size="lg">
      <div className="space-y-4">
        <h2 id="app-password-created-title" className="text-lg font-semibold">
          App password created
        </h2>
        <p className="text-sm text-slate-600">
          Enter these in <strong className="font-semibold text-slate-900">{reveal.name}</strong>, or scan the QR code with the app. This is the only time the
          password is shown: once you close this, it cannot be shown again.
        </p>
        <SecretRow label="Login name" value={reveal.login} copyLabel="Copy login name" />
        <SecretRow label="App password" value={reveal.password} copyLabel="Copy app password" />
        <div className="flex justify-center">
          {/* A data: URL made on the server; next/image adds nothing here. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={reveal.qrCode}
            width={232}
            height={232}
            alt="QR code with the login name, app password and server address, for phone apps"
            className="rounded ring-1 ring-slate-200"
          />
        </div>
        <div className="flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Modal>
  );
}

function SecretRow({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const id = `reveal-${label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          className="block w-full rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton value={value} label={copyLabel} />
      </div>
    </div>
  );
}
