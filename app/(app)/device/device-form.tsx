"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { GrantDetails } from "../connect/grant-details";
import { GrantForm } from "../connect/grant-form";
import { lookupDeviceCodeAction } from "./actions";

/** The code a device shows (prefilled from verification_uri_complete), then the same grant form as Login Flow v2. */
export function DeviceCodeForm({ prefill }: { prefill: string }) {
  const [state, action] = useActionState(lookupDeviceCodeAction, null);
  if (state?.ok && "found" in state) {
    const { view, code, apps, maxDays } = state.found;
    return (
      <div className="space-y-6">
        <GrantDetails view={view} />
        <GrantForm kind="device" grantKey={code} clientName={view.clientName} apps={apps} maxDays={maxDays} />
      </div>
    );
  }
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} aria-label="Enter the device code" className="space-y-4" noValidate>
      {failed && !failed.fields ? <Alert>{failed.message}</Alert> : null}
      <Field
        label="Code shown on the device"
        name="user_code"
        placeholder="BCDF-GHJK"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={failed?.values?.user_code ?? prefill}
        error={failed?.fields?.user_code}
        hint="Eight letters, like BCDF-GHJK."
        required
      />
      <SubmitButton pendingText="Checking…">Continue</SubmitButton>
    </form>
  );
}
