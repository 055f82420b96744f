"use client";
import { useSudoAction } from "@/app/(app)/sudo-action";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/button";
import { turnOnApprovalAction } from "./actions";

export function TurnOnApprovalForm() {
  const { state, run, remember, dialog } = useSudoAction(turnOnApprovalAction);
  return (
    <>
      <form action={run} onSubmit={remember} className="space-y-2">
        <SubmitButton variant="secondary">Turn on approval</SubmitButton>
        {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      </form>
      {dialog}
    </>
  );
}
