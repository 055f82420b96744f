import "server-only";
import { RelativeTime } from "@/components/ui/relative-time";
import { listKeys } from "@/lib/providers/webauthn/keys";
import type { PanelProps } from "../panel-types";
import { AddKeyForm, RemoveKeyForm, RenameKeyForm } from "./forms";

/** Security keys and passkeys: each named, with when it was added and last used; rename, remove, add another. */
export async function WebAuthnPanel({ userId }: PanelProps) {
  const keys = await listKeys(userId);
  return (
    <div className="space-y-4">
      {keys.length > 0 ? (
        <ul aria-label="Your security keys" className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
          {keys.map((key) => (
            <li key={key.id} className="space-y-2 p-3" data-testid="security-key">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-medium">
                  {key.name} <span className="text-xs text-slate-500">{key.passkey ? "Passkey" : "Security key"}</span>
                </p>
                <p className="text-xs text-slate-600">
                  Added <RelativeTime date={key.createdAt} /> ·{" "}
                  {key.lastUsedAt ? (
                    <>
                      last used <RelativeTime date={key.lastUsedAt} />
                    </>
                  ) : (
                    "never used"
                  )}
                </p>
              </div>
              <div className="flex flex-wrap items-end gap-3">
                <RenameKeyForm id={key.id} name={key.name} />
                <RemoveKeyForm id={key.id} name={key.name} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <AddKeyForm />
    </div>
  );
}
