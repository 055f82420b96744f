import "server-only";
import { throttled, type Clock, type Throttled } from "@/lib/auth/throttle";
import type { ClientMeta } from "@/lib/auth/request-meta";
import { randomToken } from "@/lib/crypto/random";
import { isUniqueViolation } from "@/lib/db";
import type { Result } from "@/lib/errors";
import { formatUserCode, generateUserCode, normalizeUserCode } from "@/lib/client-flows/codes";
import { GRANT_LIFETIME, pageKeyHash, pendingGrant, startGrant, type GrantView } from "@/lib/client-flows/grants";

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) on lib/client-flows/grants.ts:
 * (contract) `POST /api/v1/device/code` → `{ device_code, user_code,
 * verification_uri, verification_uri_complete, expires_in, interval }`; the user
 * types the code at /device; the device polls `POST /api/v1/device/token`.
 *
 * Wrong user codes are counted per address and per signed-in account
 * (lib/auth/throttle.ts, action "user_code"): an address is blocked after
 * THROTTLE_MAX_FAILURES (10) for 15 minutes, an account may fail at most
 * THROTTLE_ACCOUNT_MAX_FAILURES (100) times in 12 hours from everywhere. With
 * at most 30 open codes per address in 20^8, a guess hits with odds ~1e-9.
 */

export const DEVICE_PAGE = "/device";
export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

export type DeviceAuthorization = {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
};

export async function startDeviceGrant(server: string, name: unknown, meta: ClientMeta): Promise<Result<DeviceAuthorization>> {
  const deviceCode = randomToken();
  for (let attempt = 0; ; attempt++) {
    const userCode = generateUserCode();
    const shown = formatUserCode(userCode);
    try {
      const started = await startGrant("device", { name, meta, pollToken: deviceCode, pageHash: pageKeyHash("device", userCode), matchCode: shown });
      if (!started.ok) return started;
      return {
        ok: true,
        data: {
          device_code: deviceCode,
          user_code: shown,
          verification_uri: `${server}${DEVICE_PAGE}`,
          verification_uri_complete: `${server}${DEVICE_PAGE}?user_code=${shown}`,
          expires_in: GRANT_LIFETIME.device / 1000,
          interval: started.data.interval,
        },
      };
    } catch (error) {
      // The same user code as another grant (old ones stay until purged): draw again.
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

/**
 * The grant a signed-in user's typed code names, or null. Every look-up is an
 * attempt on the throttle; a wrong code stays counted.
 */
export async function findDeviceGrant(
  userId: string,
  typed: unknown,
  meta: ClientMeta,
  options: { clock?: Clock } = {},
): Promise<{ ok: true; grant: GrantView; code: string } | { ok: false } | Throttled> {
  return throttled(
    "user_code",
    { address: meta.ip, account: userId },
    async () => {
      const code = normalizeUserCode(typed);
      const grant = code ? await pendingGrant("device", code, userId) : null;
      return grant && code ? { ok: true as const, grant, code } : { ok: false as const };
    },
    options,
  );
}
