import { Section } from "@/components/ui/card";
import { appPasswordsToReview, twoFactorOverview } from "@/lib/dal/two-factor";
import type { Viewer } from "@/lib/dal/viewer";
import { OldAppPasswordsNotice } from "./old-app-passwords-notice";
import { panelFor } from "./panels";
import { PreferredForm } from "./preferred/preferred-form";
import { markedProviderId } from "@/lib/two-factor/preference";

/** "Two-factor authentication": every installed provider, its state, and its own panel. */
export async function TwoFactorSection({ viewer }: { viewer: Viewer }) {
  const overview = await twoFactorOverview(viewer.id);
  const [oldAppPasswords, marked] = await Promise.all([appPasswordsToReview(viewer.id, overview.hasFactor), markedProviderId(viewer.id)]);
  const factorsOn = overview.providers
    .filter((p) => p.enabled && p.provider.kind === "factor")
    .map((p) => ({ id: p.provider.id, name: p.provider.displayName }));
  // Listed while it is on, or when it has a panel (the admin code has none: it shows only while a code is live).
  const shown = overview.providers.map((p) => ({ ...p, Panel: panelFor(p.provider) })).filter((p) => p.enabled || p.Panel);
  return (
    <Section
      id="two-factor"
      title="Two-factor authentication"
      description={
        overview.hasFactor
          ? "Two-factor authentication is on: signing in needs your password and one of these."
          : "Add a second step to signing in, so a stolen password alone is not enough."
      }
    >
      {overview.hasFactor ? <OldAppPasswordsNotice count={oldAppPasswords} /> : null}
      <ul className="divide-y divide-slate-200">
        {shown.map(({ provider, enabled, Panel }) => (
          <li key={provider.id} className="py-4 first:pt-0 last:pb-0" aria-labelledby={`provider-${provider.id}`}>
            <div className="flex items-start gap-3">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="mt-0.5 h-5 w-5 flex-none fill-none stroke-slate-500 stroke-2">
                <path d={provider.icon} strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <div className="flex-1 space-y-3">
                <div>
                  <h3 id={`provider-${provider.id}`} className="font-medium">
                    {provider.displayName}{" "}
                    <span className={`ml-1 rounded-full px-2 py-0.5 text-xs ${enabled ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
                      {enabled ? "On" : "Off"}
                    </span>
                  </h3>
                  <p className="text-sm text-slate-600">{provider.description}</p>
                </div>
                {Panel ? <Panel provider={provider} userId={viewer.id} login={viewer.login} hasFactor={overview.hasFactor} enabled={enabled} /> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {factorsOn.length > 1 ? <PreferredForm factors={factorsOn} marked={factorsOn.some((f) => f.id === marked) ? marked : null} /> : null}
    </Section>
  );
}
