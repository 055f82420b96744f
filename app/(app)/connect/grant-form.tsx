"use client";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { AppPasswordScopeFields } from "@/components/app-password-scope";
import { Field } from "@/components/ui/field";
import { decideGrantAction } from "./actions";

/**
 * The grant: a name for the new app password (the client's own by default), its
 * scope and lifetime, then Grant (sensitive: sudo) or Decline. The password is
 * never shown here: the client collects it itself.
 */
export function GrantForm({
  kind,
  grantKey,
  clientName,
  apps,
  maxDays,
}: {
  kind: "login_flow" | "device";
  grantKey: string;
  clientName: string;
  apps: string[];
  maxDays: number | null;
}) {
  const { state, run, remember, dialog } = useSudoAction(decideGrantAction);
  if (state?.ok) {
    return (
      <Alert tone="success">
        <span data-testid="grant-outcome">{state.message}</span>
      </Alert>
    );
  }
  const failed = state && !state.ok ? state : null;
  // With an administrator's maximum, the longest choice is that maximum (the server shortens "never" to it).
  const lifetimes = [
    maxDays === null ? { value: "never", label: "Never expires" } : { value: "never", label: `${maxDays} days (your administrator's limit)` },
    ...LIFETIMES.filter((l) => maxDays === null || l.days < maxDays),
  ];
  return (
    <>
      <form action={run} onSubmit={remember} aria-label="Answer the sign-in request" className="space-y-4" noValidate>
        {failed && !failed.fields ? <Alert>{failed.message}</Alert> : null}
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="key" value={grantKey} />
        <Field label="Name of the app password" name="name" defaultValue={failed?.values?.name ?? clientName} error={failed?.fields?.name} required />
        <AppPasswordScopeFields apps={apps} idPrefix="grant-" />
        <div className="space-y-1">
          <label htmlFor="grant-expiry" className="block text-sm font-medium text-slate-800">
            Expires
          </label>
          <select id="grant-expiry" name="expiresInDays" className="block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
            {lifetimes.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
          {failed?.fields?.expiresInDays ? <p className="text-sm text-red-600">{failed.fields.expiresInDays}</p> : null}
        </div>
        <div className="flex gap-3">
          <SubmitButton name="decision" value="grant" pendingText="Working…">
            Grant access
          </SubmitButton>
          <SubmitButton name="decision" value="deny" variant="secondary" pendingText="Working…">
            Decline
          </SubmitButton>
        </div>
      </form>
      {dialog}
    </>
  );
}

const LIFETIMES = [
  { value: "30", label: "30 days", days: 30 },
  { value: "90", label: "90 days", days: 90 },
  { value: "365", label: "1 year", days: 365 },
];
