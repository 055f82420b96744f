"use client";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { GatewayView } from "@/lib/dal/gateways";
import type { FormState } from "@/lib/forms";

function Message({ state }: { state: FormState }) {
  if (!state) return null;
  return state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert>{state.message}</Alert>;
}

type Bound = (prev: FormState, form: FormData) => Promise<FormState>;

/**
 * A channel's forms. The actions come bound to the channel from the section (a server
 * component): binding them here, in the component that calls useActionState, hangs the
 * server on a form posted without JavaScript (vercel/next.js#57867).
 */
export function GatewayForms({ gateway, actions }: { gateway: GatewayView; actions: { save: Bound; check: Bound; test: Bound; remove: Bound } }) {
  // Every admin action needs sudo mode: each asks the admin to confirm it's them when due.
  const { state: saved, run: save, remember: rememberSave, dialog: saveDialog } = useSudoAction(actions.save);
  const { state: checked, run: check, remember: rememberCheck, dialog: checkDialog } = useSudoAction(actions.check);
  const { state: tested, run: test, remember: rememberTest, dialog: testDialog } = useSudoAction(actions.test);
  const { state: removed, run: remove, remember: rememberRemove, dialog: removeDialog } = useSudoAction(actions.remove);
  const errors = saved && !saved.ok ? saved.fields : undefined;
  const typed = saved && !saved.ok ? saved.values : undefined;
  return (
    <div className="space-y-4">
      <form action={save} onSubmit={rememberSave} aria-label={`${gateway.displayName} settings`} className="grid gap-3 sm:grid-cols-2" noValidate>
        {gateway.fields.map((f) =>
          f.choices ? (
            <label key={f.key} className="text-sm">
              <span className="mb-1 block font-medium">{f.label}</span>
              <select name={f.key} defaultValue={typed?.[f.key] || f.value || f.defaultValue} className="w-full rounded-md px-2 py-2 ring-1 ring-slate-300">
                {f.choices.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          ) : (
            <Field
              key={f.key}
              label={`${f.label}${f.optional ? " (optional)" : ""}`}
              name={f.key}
              id={`${gateway.id}-${f.key}`}
              type={f.secret ? "password" : "text"}
              autoComplete="off"
              defaultValue={typed?.[f.key] ?? f.value}
              placeholder={f.secret && f.stored ? "stored — leave empty to keep" : f.defaultValue}
              hint={[f.hint, f.when ? `Only when ${f.when.key} is ${f.when.equals}.` : null].filter(Boolean).join(" ") || undefined}
              error={errors?.[f.key]}
            />
          ),
        )}
        <div className="flex flex-wrap items-center gap-4 sm:col-span-2">
          <SubmitButton pendingText="Saving and checking…">Save {gateway.displayName}</SubmitButton>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" name="noCheck" /> Save without checking (the service is down for now)
          </label>
        </div>
      </form>
      <Message state={saved} />
      {gateway.status.configured ? (
        <div className="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3">
          <form action={check} onSubmit={rememberCheck}>
            <SubmitButton variant="secondary">Check connection</SubmitButton>
          </form>
          <form action={test} onSubmit={rememberTest} className="flex items-end gap-2">
            <div className="w-56">
              <Field label="Send a test message to" name="recipient" id={`${gateway.id}-test-recipient`} />
            </div>
            <SubmitButton variant="secondary">Send test</SubmitButton>
          </form>
          <form
            action={remove}
            onSubmit={(e) => {
              if (!window.confirm(`Remove the ${gateway.displayName} settings?`)) e.preventDefault();
              else rememberRemove(e);
            }}
          >
            <SubmitButton variant="ghost">Remove</SubmitButton>
          </form>
        </div>
      ) : null}
      <Message state={checked} />
      <Message state={tested} />
      <Message state={removed} />
      {saveDialog}
      {checkDialog}
      {testDialog}
      {removeDialog}
    </div>
  );
}
