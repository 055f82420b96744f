import type { TrustedBrowsersView } from "@/lib/dal/trusted-browsers";
import { AccessRow } from "../access-row";
import { RevokeTrustedForm } from "./revoke-trusted-form";

/**
 * Under "Devices & sessions": the browsers that skip the second factor (issue
 * #19) — browser, address, since, last used — each removable on its own.
 */
export function TrustedBrowsersList({ view }: { view: TrustedBrowsersView }) {
  if (view.browsers.length === 0 && view.offeredDays === null) return null;
  return (
    <div className="mt-8 border-t border-slate-200 pt-6">
      <h3 className="text-base font-semibold text-slate-900">Trusted browsers</h3>
      <p className="mt-1 text-sm text-slate-600">
        Browsers where you chose &ldquo;Don&apos;t ask again&rdquo;: they still ask for your password, but not for your second factor. Changing your password or
        signing out everywhere else forgets them all.
      </p>
      {view.browsers.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No trusted browsers.</p>
      ) : (
        <ul aria-label="Trusted browsers" className="mt-3 divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
          {view.browsers.map((b) => (
            <AccessRow
              key={b.id}
              name={b.name}
              badges={b.current ? <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-700">This browser</span> : null}
              address={b.ip ?? "unknown"}
              since={{ label: "Trusted since", date: b.createdAt }}
              lastUsed={{ label: "Last used", date: b.lastUsedAt }}
              actions={<RevokeTrustedForm id={b.id} name={b.name} />}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
