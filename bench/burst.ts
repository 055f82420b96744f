/**
 * Scenario 7: `count` password sign-ins at once while authenticated requests
 * run. Reports the authenticated latency of every request that overlapped the
 * burst (and, for comparison, of those in the lead-in before it), the sign-ins'
 * own latency, and the server's peak resident memory sampled every 20 ms. The
 * sign-ins are sent from a worker thread (./crowd.ts).
 */
import { readyCrowd } from "./crowd";
import { start, steady, type Summary, type Target } from "./load";
import { sampler, type Server } from "./server";
import { quantile, sleep } from "./stats";

export type BurstResult = {
  before: Summary;
  during: Summary;
  succeeded: number;
  seconds: number;
  loginP50: number;
  loginP99: number;
  peakRssMiB: number | null;
  rssBeforeMiB: number | null;
  rssSamples: number;
  problems: string[];
};

export async function burstTrial(options: {
  server: Server;
  authenticated: Target;
  connections: number;
  rate?: number;
  login: Target;
  count: number;
  leadSeconds: number;
}): Promise<BurstResult> {
  const { login } = options;
  const crowd = await readyCrowd(login, options.count);
  const rss = sampler(() => options.server.rss(), 20);
  const background = options.rate ? await steady(options.authenticated, options.rate, 600) : start(options.authenticated, options.connections, 600);
  await sleep(options.leadSeconds * 1000);
  const burstStart = performance.now();
  const logins = await crowd.go();
  const burstEnd = performance.now();
  await sleep(200);
  background.stop();
  const segment = await background.done;
  rss.stop();

  const summary = (responses: { at: number; ms: number }[], seconds: number): Summary => ({
    requests: responses.length,
    seconds,
    rps: responses.length / seconds,
    p50: quantile(
      responses.map((r) => r.ms),
      0.5,
    ),
    p99: quantile(
      responses.map((r) => r.ms),
      0.99,
    ),
    problems: [],
  });
  const leadStart = burstStart - options.leadSeconds * 1000;
  // The lead-in's first half second is connection set-up: left out.
  const before = segment.responses.filter((r) => r.at - r.ms >= leadStart + 500 && r.at < burstStart);
  // Every authenticated request that overlapped the burst.
  const during = segment.responses.filter((r) => r.at >= burstStart && r.at - r.ms <= burstEnd);
  const seconds = (burstEnd - burstStart) / 1000;
  const succeeded = logins.filter((l) => l.status === login.expect).length;
  const peak = rss.peak(burstStart, burstEnd + 200);
  const earlier = rss.peak(leadStart, burstStart);
  const problems = [...segment.problems];
  if (succeeded !== options.count) problems.push(`${options.count - succeeded} of ${options.count} sign-ins failed`);
  if (during.length === 0) problems.push("no authenticated request overlapped the burst");
  return {
    before: summary(before, Math.max(0.001, options.leadSeconds - 0.5)),
    during: { ...summary(during, seconds), rps: during.filter((r) => r.at <= burstEnd).length / seconds },
    succeeded,
    seconds,
    loginP50: quantile(
      logins.map((l) => l.ms),
      0.5,
    ),
    loginP99: quantile(
      logins.map((l) => l.ms),
      0.99,
    ),
    peakRssMiB: peak === null ? null : peak / 2 ** 20,
    rssBeforeMiB: earlier === null ? null : earlier / 2 ** 20,
    rssSamples: rss.count(burstStart, burstEnd + 200),
    problems,
  };
}
