import Link from "next/link";
import { AuthCard } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";

export function CancelLink() {
  return (
    <form action="/login/cancel" method="post">
      <button type="submit" className="text-sm font-semibold text-slate-600 hover:text-slate-900">
        Cancel and sign in again
      </button>
    </form>
  );
}

/** Under a challenge: the backup codes one click away (if given), "Try another way" to the list of every way, and cancel. */
export function ChallengeFooter({ next, recovery, canChooseAnother }: { next: string; recovery: { id: string } | undefined; canChooseAnother: boolean }) {
  const nextQuery = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  const chooseHref = `/login/challenge?choose${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`;
  return (
    <div className="flex flex-col gap-2 border-t border-slate-200 pt-4 text-sm">
      {recovery ? (
        <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={`/login/challenge/${recovery.id}${nextQuery}`}>
          Use a backup code
        </Link>
      ) : null}
      {canChooseAnother ? (
        <Link className="font-semibold text-indigo-600 hover:text-indigo-500" href={chooseHref}>
          Try another way
        </Link>
      ) : null}
      <CancelLink />
    </div>
  );
}

/** Fail closed: a provider this account has on is missing or turned off. */
export function BlockedLogin() {
  return (
    <AuthCard title="Sign-in blocked">
      <div className="space-y-4">
        <Alert>
          A two-factor method that is turned on for this account is not available on this server right now, so sign-in is blocked to keep the account safe. Ask
          your administrator to restore it, to turn it off for your account, or to give you a one-time code.
        </Alert>
        <CancelLink />
      </div>
    </AuthCard>
  );
}
