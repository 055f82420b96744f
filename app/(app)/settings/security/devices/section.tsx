import Link from "next/link";
import { Section } from "@/components/ui/card";
import { describeMethods } from "@/lib/two-factor/assurance";
import { RelativeTime } from "@/components/ui/relative-time";
import { myDevices, type DeviceView } from "@/lib/dal/devices";
import { ConnectDevice } from "./connect-device";
import { myTrustedBrowsers } from "@/lib/dal/trusted-browsers";
import { CreateAppPasswordForm } from "./create-app-password-form";
import { RenameForm } from "./rename-form";
import { RevokeForm } from "./revoke-form";
import { SignOutOthersForm } from "./sign-out-others-form";
import { TrustedBrowsersList } from "../trusted-browsers/section";
import { AccessRow } from "../access-row";

/**
 * "Devices & sessions": every way into the account — browser sessions and app
 * passwords — with revoke, rename, "sign out all other sessions", and creating
 * an app password. Rendered from the DAL's safe view: ids, never secrets.
 */
export async function DevicesSection() {
  const [view, trusted] = await Promise.all([myDevices(), myTrustedBrowsers()]);
  if (!view) return null;
  const { devices, loginPasswordWorksInApps, protectedApps, maxDays } = view;
  const others = devices.filter((d) => d.type === "session" && !d.current).length;
  return (
    <Section
      id="devices"
      title="Devices & sessions"
      description="Every browser and app signed in to your account. Revoke anything you don't recognise: it is signed out on its very next request."
    >
      <ul aria-label="Devices and app passwords" className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
        {devices.map((device) => (
          <DeviceRow key={device.id} device={device} />
        ))}
      </ul>
      <div className="mt-4">
        <SignOutOthersForm others={others} trusted={trusted?.browsers.length ?? 0} />
      </div>
      {trusted ? <TrustedBrowsersList view={trusted} /> : null}

      <div className="mt-8 border-t border-slate-200 pt-6">
        <h3 className="text-base font-semibold text-slate-900">App passwords</h3>
        <p className="mt-1 text-sm text-slate-600">
          For apps and clients — sync apps, calendar and contacts apps, scripts. Create one per device, so you can revoke one without touching the others. App
          passwords skip two-factor authentication, and they only work in apps: you cannot sign in to this page with one.
        </p>
        {loginPasswordWorksInApps ? null : (
          <p className="mt-2 text-sm font-medium text-amber-800">Apps must use an app password: your login password is not accepted for them.</p>
        )}
        <div className="mt-4">
          <CreateAppPasswordForm apps={protectedApps} maxDays={maxDays} />
        </div>
        <div className="mt-6 border-t border-slate-200 pt-4">
          <h4 className="text-sm font-semibold text-slate-900">Connect a phone or another device</h4>
          <p className="mt-1 text-sm text-slate-600">
            Apps that support it can sign in without typing a password: show a QR code and scan it with the app; it opens a sign-in page on the phone, where you
            grant it access (or grant it here). Devices with a code (TVs, command-line tools) are connected at <Link href="/device">/device</Link>.
          </p>
          <div className="mt-3">
            <ConnectDevice />
          </div>
        </div>
      </div>
    </Section>
  );
}

function DeviceRow({ device }: { device: DeviceView }) {
  const isApp = device.type === "app_password";
  return (
    <AccessRow
      name={device.name}
      badges={
        <>
          {device.current ? <Badge tone="green">This device</Badge> : null}
          <Badge tone={isApp ? "indigo" : "slate"}>{isApp ? "App password" : "Browser session"}</Badge>
          {device.scope === "read_only" ? <Badge tone="amber">Read-only</Badge> : null}
          {device.unused ? <Badge tone="amber">Unused for 90 days</Badge> : null}
        </>
      }
      address={device.ip ?? "not used yet"}
      since={{ label: "Created", date: device.createdAt }}
      lastUsed={{ label: "Last activity", date: device.lastActivity }}
      actions={
        <>
          {isApp ? <RenameForm id={device.id} name={device.name} /> : null}
          {device.current ? null : <RevokeForm id={device.id} name={device.name} kind={device.type} />}
        </>
      }
    >
      {device.expiresAt ? (
        <p className="text-xs text-slate-500">
          Expires <RelativeTime date={device.expiresAt} />
        </p>
      ) : null}
      {isApp && device.client ? <p className="text-xs text-slate-500">Last used by {device.client}</p> : null}
      {isApp && device.apps ? <p className="text-xs text-slate-500">For {device.apps.join(", ") || "no app"} only</p> : null}
      {device.lastApp ? <p className="text-xs text-slate-500">Last used on {device.lastApp}</p> : null}
      {device.methods.length > 0 ? (
        <p className="text-xs text-slate-500" data-testid="session-methods">
          Signed in with {describeMethods(device.methods)}
        </p>
      ) : null}
    </AccessRow>
  );
}

const badgeTones = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  slate: "bg-slate-50 text-slate-700 ring-slate-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
} as const;

function Badge({ tone, children }: { tone: keyof typeof badgeTones; children: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badgeTones[tone]}`}>{children}</span>;
}
