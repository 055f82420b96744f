import * as instanceActions from "@/app/(app)/admin/security/actions";
import * as gatewayActions from "@/app/(app)/admin/security/gateways/actions";
import * as trustActions from "@/app/(app)/admin/security/trusted-browsers/actions";
import * as userActions from "@/app/(app)/admin/security/users/[login]/actions";

/**
 * The admin server actions as the guard tests call them (admin-actions.guarded,
 * admin-actions.stolen-admin-session): one call per exported action, each test
 * running the whole table as its callers. The test file mocks the session.
 */

/** A form's fields as the browser posts them (a list is one field repeated). */
export function form(fields: Record<string, string | string[]> = {}): FormData {
  const f = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) f.append(key, v);
  return f;
}

/** One admin action, on a target's login and a group (with its `${group}-spare`, which must exist). */
type Call = (target: string, group: string) => Promise<unknown>;

/** One call per exported admin action, with arguments an admin's form would send. */
export const ADMIN_CALLS: Record<string, Call> = {
  saveEnforcementAction: (_t, g) => instanceActions.saveEnforcementAction(null, form({ mode: "groups", groups: g, confirmed: "on" })),
  toggleProviderAction: () => instanceActions.toggleProviderAction("backup_codes", false, null, form()),
  addGroupAction: (_t, g) => instanceActions.addGroupAction(null, form({ name: `${g}-new` })),
  deleteGroupAction: (_t, g) => instanceActions.deleteGroupAction(`${g}-spare`, null, form()),
  tokenAuthAction: () => instanceActions.tokenAuthAction(null, form({ enforced: "on" })),
  appPasswordMaxDaysAction: () => instanceActions.appPasswordMaxDaysAction(null, form({ maxDays: "60" })),
  saveGatewayAction: () =>
    gatewayActions.saveGatewayAction("threema", null, form({ url: "http://127.0.0.1:9", from: "*GATEHSE", secret: "admin-call-secret" })),
  checkGatewayAction: () => gatewayActions.checkGatewayAction("threema", null, form()),
  testGatewayAction: () => gatewayActions.testGatewayAction("threema", null, form({ recipient: "ABCDEFGH" })),
  removeGatewayAction: () => gatewayActions.removeGatewayAction("threema", null, form()),
  disableFactorAction: (t) => userActions.disableFactorAction(t, null, form({ provider: "" })),
  generateCodeAction: (t) => userActions.generateCodeAction(t, null, form()),
  revokeTokensAction: (t) => userActions.revokeTokensAction(t, null, form()),
  setDisabledAction: (t) => userActions.setDisabledAction(t, true, null, form()),
  setAdminAction: (t) => userActions.setAdminAction(t, true, null, form()),
  resetPasswordAction: (t) => userActions.resetPasswordAction(t, null, form({ password: "a brand new long password" })),
  membershipAction: (t, g) => userActions.membershipAction(t, null, form({ group: g, op: "add" })),
  revokeTrustedBrowsersAction: (t) => userActions.revokeTrustedBrowsersAction(t, null, form()),
  trustDaysAction: () => trustActions.trustDaysAction(null, form({ days: "7" })),
};

/** The name of every function the admin action modules export: each needs a call in ADMIN_CALLS. */
export function exportedAdminActions(): string[] {
  return [instanceActions, gatewayActions, userActions, trustActions].flatMap((m) =>
    Object.entries(m)
      .filter(([, v]) => typeof v === "function")
      .map(([k]) => k),
  );
}
