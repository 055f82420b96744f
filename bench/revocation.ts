/**
 * Scenario 8, revocation: requests with one token hammer every instance while
 * the token is revoked; once the revoke has returned, not one request sent
 * afterwards may be accepted, on any instance. Requests sent before it returned
 * may still succeed (they raced the revoke) and are only counted.
 */
import { sleep } from "./stats";

export type InstanceOutcome = {
  instance: string;
  acceptedBefore: number;
  /** Sent before the revoke returned, answered 200 after it returned. */
  acceptedInFlight: number;
  sentAfter: number;
  /** Sent after the revoke returned and answered 200: must be 0. */
  acceptedAfter: number;
  /** Sent after the revoke returned and answered something other than 200/401. */
  otherAfter: number;
};

export type Trial = { name: string; revokeMs: number; instances: InstanceOutcome[]; problems: string[] };

type Sample = { sentAt: number; doneAt: number; status: number };

export async function revocationTrial(options: {
  name: string;
  instances: { name: string; url: string }[];
  headers: Record<string, string>;
  revoke: () => Promise<void>;
  /** How long to keep hammering after the revoke returned. */
  afterMs: number;
  loopsPerInstance?: number;
}): Promise<Trial> {
  const { instances, headers } = options;
  const samples = instances.map(() => [] as Sample[]);
  let stopped = false;
  const loop = async (i: number) => {
    while (!stopped) {
      const sentAt = performance.now();
      let status = 0;
      try {
        const res = await fetch(`${instances[i]!.url}/api/v1/me`, { headers });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = -1;
      }
      samples[i]!.push({ sentAt, doneAt: performance.now(), status });
    }
  };
  const loops = instances.flatMap((_, i) => Array.from({ length: options.loopsPerInstance ?? 3 }, () => loop(i)));

  const problems: string[] = [];
  // The token must work everywhere before it is revoked, or the trial proves nothing.
  const deadline = performance.now() + 10_000;
  while (samples.some((s) => !s.some((x) => x.status === 200)) && performance.now() < deadline) await sleep(20);
  samples.forEach((s, i) => {
    if (!s.some((x) => x.status === 200)) problems.push(`${instances[i]!.name}: the token never worked before the revoke`);
  });

  const revokeStart = performance.now();
  let revokedAt = Number.NaN;
  try {
    await options.revoke();
    revokedAt = performance.now();
  } catch (error) {
    problems.push(`the revoke failed: ${(error as Error).message}`);
  }
  await sleep(options.afterMs);
  stopped = true;
  await Promise.all(loops);

  const outcomes = instances.map((instance, i): InstanceOutcome => {
    const s = samples[i]!;
    const after = s.filter((x) => x.sentAt > revokedAt);
    const outcome = {
      instance: instance.name,
      acceptedBefore: s.filter((x) => x.sentAt <= revokedAt && x.status === 200).length,
      acceptedInFlight: s.filter((x) => x.sentAt <= revokedAt && x.doneAt > revokedAt && x.status === 200).length,
      sentAfter: after.length,
      acceptedAfter: after.filter((x) => x.status === 200).length,
      otherAfter: after.filter((x) => x.status !== 200 && x.status !== 401).length,
    };
    if (outcome.sentAfter === 0) problems.push(`${instance.name}: no request was sent after the revoke`);
    if (outcome.otherAfter) problems.push(`${instance.name}: ${outcome.otherAfter} requests after the revoke got neither 200 nor 401`);
    return outcome;
  });
  return { name: options.name, revokeMs: revokedAt - revokeStart, instances: outcomes, problems };
}
