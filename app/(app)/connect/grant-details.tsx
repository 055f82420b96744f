import { exactTime } from "@/lib/format";

/** What the user is approving, shown the same for both flows (server- or client-rendered: no hooks). */
export type GrantDetailsView = {
  clientName: string;
  device: string | null;
  ip: string | null;
  createdAt: string;
  matchCode: string;
  kind: "login_flow" | "device";
  /** The browser's own address differs from the one the client asked from. */
  addressDiffers: boolean;
  browserIp: string | null;
  waitingForApp?: boolean;
};

export function GrantDetails({ view }: { view: GrantDetailsView }) {
  return (
    <div className="space-y-4">
      {view.addressDiffers ? (
        <div role="alert" className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-semibold">This request comes from a different address than this browser.</p>
          <p className="mt-1">
            The app asked from <span className="font-mono">{view.ip ?? "an unknown address"}</span>, this browser is at{" "}
            <span className="font-mono">{view.browserIp ?? "an unknown address"}</span>. That is normal for a phone on mobile data; but if someone sent you this
            link or code, decline: granting would give <em>their</em> device access to your account.
          </p>
        </div>
      ) : null}
      <dl aria-label="Sign-in request" className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-md p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">App</dt>
          <dd className="font-medium text-slate-900" data-testid="grant-client">
            {view.clientName}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Device</dt>
          <dd className="text-slate-900">{view.device ?? "unknown"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Asked from address</dt>
          <dd className="font-mono text-slate-900" data-testid="grant-ip">
            {view.ip ?? (view.waitingForApp ? "not yet: the app has not asked" : "unknown")}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Asked at</dt>
          <dd className="text-slate-900" data-testid="grant-time">
            <time dateTime={view.createdAt}>{exactTime(new Date(view.createdAt))}</time>
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-500">{view.kind === "device" ? "Code on the device" : "Code shown by the app"}</dt>
          <dd className="font-mono text-2xl font-semibold tracking-widest text-slate-900" data-testid="grant-match-code">
            {view.matchCode}
          </dd>
          <dd className="text-xs text-slate-600">Only continue if the app or device in front of you shows this same code.</dd>
        </div>
      </dl>
    </div>
  );
}
