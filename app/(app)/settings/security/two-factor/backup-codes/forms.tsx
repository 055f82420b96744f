"use client";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { SudoForm } from "@/app/(app)/sudo-form";
import { Alert } from "@/components/ui/alert";
import { Button, SubmitButton } from "@/components/ui/button";
import { regenerateCodesAction, type CodesState } from "./actions";

export function RegenerateCodes({ login, hasCodes }: { login: string; hasCodes: boolean }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <CodesReveal codes={codes} login={login} onDone={() => setCodes(null)} />;
  return (
    <SudoForm<CodesState>
      action={regenerateCodesAction}
      onDone={(s) => {
        if (s && s.ok && "codes" in s) setCodes(s.codes);
      }}
    >
      {(state) => (
        <>
          {state && !state.ok ? <Alert>{state.message}</Alert> : null}
          <SubmitButton variant={hasCodes ? "secondary" : "primary"} pendingText="Generating…">
            {hasCodes ? "Generate new backup codes" : "Generate backup codes"}
          </SubmitButton>
          {hasCodes ? <p className="mt-1 text-xs text-slate-500">Your current codes stop working when you generate new ones.</p> : null}
        </>
      )}
    </SudoForm>
  );
}

function CodesReveal({ codes, login, onDone }: { codes: string[]; login: string; onDone: () => void }) {
  const text = `Gatehouse backup codes for ${login}\nEach code works once.\n\n${codes.join("\n")}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `gatehouse-backup-codes-${login}.txt` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-3" data-testid="backup-codes">
      <Alert tone="warning">Save these codes now: they are shown only once. Each one signs you in once if you lose your second factor.</Alert>
      <ul aria-label="Backup codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm tracking-wider print:bg-white">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2 print:hidden">
        <CopyButton value={codes.join("\n")} label="Copy codes" />
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button variant="secondary" onClick={() => window.print()}>
          Print
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}
