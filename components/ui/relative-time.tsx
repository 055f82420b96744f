import { exactTime, timeAgo } from "@/lib/format";

/**
 * A moment shown relative to now ("3 minutes ago"), with the exact time (UTC) on
 * hover. Rendered on the server: no clock difference between server and browser.
 */
export function RelativeTime({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={exactTime(date)}>
      {timeAgo(date)}
    </time>
  );
}
