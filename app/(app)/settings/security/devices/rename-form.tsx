"use client";
import { useActionState, useEffect, useState } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { renameAppPasswordAction } from "./actions";

/** Renames an app password in place: "Rename" opens a one-field form. */
export function RenameForm({ id, name }: { id: number; name: string }) {
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      <Button variant="secondary" aria-label={`Rename ${name}`} onClick={() => setEditing(true)}>
        Rename
      </Button>
    );
  }
  return <Editor id={id} name={name} onDone={() => setEditing(false)} />;
}

function Editor({ id, name, onDone }: { id: number; name: string; onDone: () => void }) {
  const [state, action] = useActionState(renameAppPasswordAction, null);
  const failed = state && !state.ok ? state : null;
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={action} aria-label={`Rename ${name}`} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="id" value={id} />
      <Field
        id={`rename-${id}`}
        label="New name"
        name="name"
        defaultValue={failed?.values?.name ?? name}
        error={failed?.fields?.name ?? failed?.message}
        required
        autoFocus
      />
      <SubmitButton pendingText="Saving…">Save name</SubmitButton>
      <Button variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}
