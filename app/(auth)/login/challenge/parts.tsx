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
