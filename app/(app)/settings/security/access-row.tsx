import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";

/**
 * One way into the account in a settings list (a session, an app password, a
 * trusted browser): its name and badges, any notes, its address and two times,
 * and what can be done with it. The row is labelled by its name.
 */
export function AccessRow({
  name,
  badges,
  address,
  since,
  lastUsed,
  actions,
  children,
}: {
  name: string;
  badges: ReactNode;
  /** The IP address, or what to show when there is none. */
  address: string;
  since: TimeFact;
  lastUsed: TimeFact;
  actions: ReactNode;
  /** Notes under the name. */
  children?: ReactNode;
}) {
  return (
    <li aria-label={name} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="truncate font-medium text-slate-900">{name}</span>
          {badges}
        </p>
        {children}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-xs text-slate-600 sm:grid-cols-3">
          <div className="flex gap-1">
            <dt className="text-slate-500">IP address</dt>
            <dd className="font-mono">{address}</dd>
          </div>
          <TimeFactRow {...since} />
          <TimeFactRow {...lastUsed} />
        </dl>
      </div>
      <div className="flex shrink-0 flex-wrap items-start gap-2">{actions}</div>
    </li>
  );
}

type TimeFact = { label: string; date: Date };

function TimeFactRow({ label, date }: TimeFact) {
  return (
    <div className="flex gap-1">
      <dt className="text-slate-500">{label}</dt>
      <dd>
        <RelativeTime date={date} />
      </dd>
    </div>
  );
}
