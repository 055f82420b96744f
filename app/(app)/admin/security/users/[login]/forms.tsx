"use client";
import { CopyButton } from "@/components/copy-button";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormState } from "@/lib/forms";
import type { ProviderStateRow } from "@/lib/two-factor/admin";
import { revokeTokensAction, revokeTrustedBrowsersAction, setAdminAction, setDisabledAction, type CodeState } from "./actions";

/**
 * An action with the user's login bound to it. A component never binds the action
 * it passes to its own useActionState: on a form posted without JavaScript, React
 * then waits on a new promise at every render, for ever (vercel/next.js#57867).
 * The page (a server component) binds, or a parent does.
 */
type Bound<S = FormState> = (prev: S, form: FormData) => Promise<S>;

function Message({ state }: { state: FormState }) {
  if (!state) return null;
  return state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert>{state.message}</Alert>;
}

/**
 * Every admin action needs sudo mode: each form below runs through useSudoAction,
 * which asks the admin to confirm it's them when the action says so, and then
 * sends the same input again.
 */

/** One button that runs one bound admin action, with an optional confirm() for destructive ones. */
function ActionButton({ action, label, confirm, variant = "secondary" }: { action: Bound; label: string; confirm?: string; variant?: "secondary" | "danger" }) {
  const { state, run, remember, dialog } = useSudoAction(action);
  return (
    <>
      <form
        action={run}
        onSubmit={(e) => {
          if (confirm && !window.confirm(confirm)) e.preventDefault();
          else remember(e);
        }}
        className="space-y-2"
      >
        <SubmitButton variant={variant}>{label}</SubmitButton>
        <Message state={state} />
      </form>
      {dialog}
    </>
  );
}

export function FactorForms({ login, states, disable }: { login: string; states: ProviderStateRow[]; disable: Bound }) {
  // One action state for the whole list, so its message outlives the row it removed.
  const { state, run, remember, dialog } = useSudoAction(disable);
  const confirmFirst = (what: string) => (e: React.FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Turn off ${what} for ${login}?`)) e.preventDefault();
    else remember(e);
  };
  return (
    <div className="space-y-3">
      <Message state={state} />
      {states.length === 0 ? <p className="text-sm text-slate-600">No second factor is on.</p> : null}
      <ul className="divide-y divide-slate-100">
        {states.map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-4 py-2">
            <span className="text-sm">
              {s.name} {s.kind === "missing" ? <span className="text-xs text-red-700">(not installed — blocks sign-in)</span> : null}
            </span>
            <form action={run} onSubmit={confirmFirst(s.name)}>
              <input type="hidden" name="provider" value={s.id} />
              <SubmitButton variant="secondary">{`Turn off ${s.name}`}</SubmitButton>
            </form>
          </li>
        ))}
      </ul>
      {states.length > 1 ? (
        <form action={run} onSubmit={confirmFirst("two-factor authentication")}>
          <input type="hidden" name="provider" value="" />
          <SubmitButton variant="danger">Turn off all second factors</SubmitButton>
        </form>
      ) : null}
      {dialog}
    </div>
  );
}

export function BypassCodeForm({ login, generate }: { login: string; generate: Bound<CodeState> }) {
  const { state, run, remember, dialog } = useSudoAction<CodeState>(generate);
  if (state?.ok && "code" in state) {
    return (
      <div className="space-y-2" data-testid="bypass-code">
        <Alert tone="warning">
          Give this code to {login} over a trusted channel. It is shown only now, works once, until {state.expiresAt.replace("T", " ").slice(0, 16)} UTC.
        </Alert>
        <div className="flex items-center gap-2">
          <code aria-label="One-time code" className="rounded bg-slate-100 px-3 py-1 font-mono text-lg tracking-widest">
            {state.code}
          </code>
          <CopyButton value={state.code} />
        </div>
      </div>
    );
  }
  return (
    <>
      <form action={run} onSubmit={remember} className="space-y-2">
        <SubmitButton variant="secondary">Generate one-time code</SubmitButton>
        {state && !state.ok ? <Alert>{state.message}</Alert> : null}
      </form>
      {dialog}
    </>
  );
}

export function AccountForms({
  login,
  disabled,
  isAdmin,
  isSelf,
  resetPassword,
}: {
  login: string;
  disabled: boolean;
  isAdmin: boolean;
  isSelf: boolean;
  resetPassword: Bound;
}) {
  const { state, run: reset, remember, dialog } = useSudoAction(resetPassword);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        <ActionButton action={revokeTokensAction.bind(null, login)} label="Sign out everywhere" confirm={`End every session and app password of ${login}?`} />
        <ActionButton
          action={revokeTrustedBrowsersAction.bind(null, login)}
          label="Revoke trusted browsers"
          confirm={`Ask ${login} for their second factor again on every browser?`}
        />
        {disabled ? (
          <ActionButton action={setDisabledAction.bind(null, login, false)} label="Enable account" />
        ) : (
          <ActionButton
            action={setDisabledAction.bind(null, login, true)}
            label="Disable account"
            variant="danger"
            confirm={`Disable ${login}? All their sessions and app passwords end now.${isSelf ? " This is your own account." : ""}`}
          />
        )}
        <ActionButton action={setAdminAction.bind(null, login, !isAdmin)} label={isAdmin ? "Remove administrator role" : "Make administrator"} />
      </div>
      <form action={reset} onSubmit={remember} className="flex flex-wrap items-end gap-2">
        <div className="w-64">
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={state && !state.ok ? state.fields?.password : undefined}
          />
        </div>
        <SubmitButton variant="secondary">Reset password</SubmitButton>
      </form>
      {state ? <Message state={state} /> : null}
      {dialog}
    </div>
  );
}

export function GroupMembership({ groups, all, change }: { groups: string[]; all: string[]; change: Bound }) {
  const { state, run, remember, dialog } = useSudoAction(change);
  const others = all.filter((g) => !groups.includes(g));
  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-2">
        {groups.map((g) => (
          <li key={g}>
            <form action={run} onSubmit={remember} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 text-sm">
              {g}
              <input type="hidden" name="group" value={g} />
              <input type="hidden" name="op" value="remove" />
              <button type="submit" aria-label={`Remove from ${g}`} className="text-slate-500 hover:text-red-600">
                ×
              </button>
            </form>
          </li>
        ))}
        {groups.length === 0 ? <li className="text-sm text-slate-600">In no group.</li> : null}
      </ul>
      {others.length ? (
        <form action={run} onSubmit={remember} className="flex items-end gap-2">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Add to group</span>
            <select name="group" className="rounded-md px-2 py-2 text-sm ring-1 ring-slate-300">
              {others.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
          </label>
          <input type="hidden" name="op" value="add" />
          <SubmitButton variant="secondary">Add</SubmitButton>
        </form>
      ) : null}
      <Message state={state} />
      {dialog}
    </div>
  );
}
