"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { setPreferredAction } from "./actions";

/** Which factor the challenge opens first (issue #19); "the one used last" when none is marked. The others stay under "Try another way". */
export function PreferredForm({ factors, marked }: { factors: { id: string; name: string }[]; marked: string | null }) {
  const [state, action] = useActionState(setPreferredAction, null);
  return (
    <form action={action} className="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
      <label className="text-sm text-slate-700">
        <span className="block font-medium text-slate-900">Preferred way in</span>
        <select name="provider" defaultValue={marked ?? ""} className="mt-1 rounded-md border-slate-300 text-sm">
          <option value="">The one I used last</option>
          {factors.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save preference
      </SubmitButton>
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
    </form>
  );
}
