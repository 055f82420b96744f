import { CopyButton } from "@/components/copy-button";
import type { SetupView } from "@/lib/two-factor/types";

/** The instructions, QR code and key of a provider's set-up (settings and set-up at login). */
export function SetupInstructions({ view }: { view: SetupView }) {
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        {view.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {view.qr ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={view.qr.dataUrl} width={240} height={240} alt={view.qr.alt} className="rounded border border-slate-200" />
      ) : null}
      {view.secret ? (
        <div className="flex flex-wrap items-center gap-2">
          <code aria-label={view.secret.label} className="rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-wider">
            {view.secret.value}
          </code>
          <CopyButton value={view.secret.copyValue} label="Copy key" />
        </div>
      ) : null}
    </div>
  );
}
