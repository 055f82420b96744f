"use client";
import { useState } from "react";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Checkbox, Field } from "@/components/ui/field";
import type { EnforcementPolicy } from "@/lib/two-factor/enforcement";
import { addGroupAction, appPasswordMaxDaysAction, deleteGroupAction, saveEnforcementAction, tokenAuthAction } from "./actions";
import type { FormState } from "@/lib/forms";
import { DaysSettingForm } from "./days-setting-form";

/**
 * An action with its arguments bound. A component never binds the action it passes
 * to its own useActionState: on a form posted without JavaScript, React then waits on
 * a new promise at every render, for ever (vercel/next.js#57867). The page binds, or a parent.
 */
type Bound = (prev: FormState, form: FormData) => Promise<FormState>;

function Message({ state }: { state: FormState }) {
  if (!state) return null;
  return state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert>{state.message}</Alert>;
}

export function EnforcementForm({ policy, groups }: { policy: EnforcementPolicy; groups: string[] }) {
  const { state, run: action, remember, dialog } = useSudoAction(saveEnforcementAction);
  const [mode, setMode] = useState(!policy.enforced ? "off" : policy.groups.length ? "groups" : "everyone");
  const chosen = new Set(mode === "groups" ? policy.groups : policy.excluded);
  const needsConfirm = state && !state.ok && state.fields?.confirm;
  return (
    <>
      <form action={action} onSubmit={remember} className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Enforce for</legend>
          {[
            ["off", "Nobody (not enforced)"],
            ["everyone", "Everyone, except the groups ticked below"],
            ["groups", "Only the groups ticked below"],
          ].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value!)} />
              {label}
            </label>
          ))}
        </fieldset>
        {mode !== "off" ? (
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{mode === "groups" ? "Enforced groups" : "Excluded groups"}</legend>
            {groups.length === 0 ? <p className="text-sm text-slate-600">No groups yet.</p> : null}
            {groups.map((g) => (
              <Checkbox key={`${mode}-${g}`} name="groups" value={g} label={g} id={`group-${mode}-${g}`} defaultChecked={chosen.has(g)} />
            ))}
          </fieldset>
        ) : null}
        {needsConfirm ? <Checkbox name="confirmed" label="I understand: enforce anyway" /> : null}
        <Message state={state} />
        <SubmitButton pendingText="Saving…">Save enforcement</SubmitButton>
      </form>
      {dialog}
    </>
  );
}

export function ProviderToggle({ name, on, toggle }: { name: string; on: boolean; toggle: Bound }) {
  const { state, run: action, remember, dialog } = useSudoAction(toggle);
  return (
    <>
      <form action={action} onSubmit={remember} className="flex items-center gap-2">
        <span className={`text-xs ${on ? "text-emerald-700" : "text-slate-500"}`}>{on ? "On" : "Off"}</span>
        <SubmitButton variant="secondary" aria-label={`${on ? "Turn off" : "Turn on"} ${name}`}>
          {on ? "Turn off" : "Turn on"}
        </SubmitButton>
        {state && !state.ok ? <span className="text-xs text-red-600">{state.message}</span> : null}
      </form>
      {dialog}
    </>
  );
}

export function GroupForms({ groups }: { groups: { name: string; members: number }[] }) {
  const { state, run: action, remember, dialog } = useSudoAction(addGroupAction);
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-100">
        {groups.map((g) => (
          <li key={g.name} className="flex items-center justify-between py-2 text-sm">
            <span>
              {g.name}{" "}
              <span className="text-slate-500">
                ({g.members} member{g.members === 1 ? "" : "s"})
              </span>
            </span>
            <DeleteGroup name={g.name} remove={deleteGroupAction.bind(null, g.name)} />
          </li>
        ))}
      </ul>
      <form action={action} onSubmit={remember} className="flex items-end gap-2">
        <div className="w-64">
          <Field label="New group" name="name" maxLength={64} required />
        </div>
        <SubmitButton variant="secondary">Create group</SubmitButton>
      </form>
      <Message state={state} />
      {dialog}
    </div>
  );
}

function DeleteGroup({ name, remove }: { name: string; remove: Bound }) {
  const { state, run: action, remember, dialog } = useSudoAction(remove);
  return (
    <>
      <form action={action} onSubmit={remember}>
        <SubmitButton variant="ghost" aria-label={`Delete group ${name}`}>
          Delete
        </SubmitButton>
        {state && !state.ok ? <span className="text-xs text-red-600">{state.message}</span> : null}
      </form>
      {dialog}
    </>
  );
}

/** The admin's maximum lifetime of a new app password: a number of days, or 0 / empty for no limit. */
export function AppPasswordMaxDaysForm({ maxDays }: { maxDays: number | null }) {
  return (
    <DaysSettingForm
      action={appPasswordMaxDaysAction}
      name="maxDays"
      label="Longest lifetime of a new app password (days)"
      hint="0: no limit. Users choose never, 30, 90 or 365 days; a longer choice is shortened to this."
      days={maxDays}
      width="w-72"
    />
  );
}

export function TokenAuthForm({ enforced }: { enforced: boolean }) {
  const { state, run: action, remember, dialog } = useSudoAction(tokenAuthAction);
  return (
    <>
      <form action={action} onSubmit={remember} className="space-y-3">
        <Checkbox name="enforced" label="Require app passwords for every client (refuse the login password on the API)" defaultChecked={enforced} />
        <Message state={state} />
        <SubmitButton variant="secondary">Save</SubmitButton>
      </form>
      {dialog}
    </>
  );
}
