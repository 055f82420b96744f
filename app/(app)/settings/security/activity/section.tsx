import { Section } from "@/components/ui/card";
import { securityActivity } from "@/lib/dal/activity";
import type { Viewer } from "@/lib/dal/viewer";
import { exactTime, timeAgo } from "@/lib/format";

/** "Recent security activity": sign-ins, failed attempts and security changes, newest first. */
export async function SecurityActivitySection({ viewer }: { viewer: Viewer }) {
  const items = await securityActivity(viewer);
  return (
    <Section
      id="activity"
      title="Recent security activity"
      description="Sign-ins and changes to how your account is protected. Something you do not recognise? Change your password and sign out the sessions you do not know."
    >
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="Security events, newest first">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
              <span className={item.failed ? "font-medium text-red-700" : "font-medium text-slate-900"}>
                {item.what}
                {item.by ? <span className="font-normal text-slate-600"> by {item.by}</span> : null}
              </span>
              <time dateTime={item.at.toISOString()} title={exactTime(item.at)} className="text-slate-600">
                {timeAgo(item.at)} <span className="text-slate-400">· {exactTime(item.at)}</span>
              </time>
              <span className="w-full text-xs text-slate-500">
                {[item.ip ? `IP ${item.ip}` : null, item.device].filter(Boolean).join(" · ") || "No address recorded"}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
