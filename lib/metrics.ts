import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics of this instance (prom-client), served as GET /metrics by
 * scripts/serve.ts (lib/metrics-endpoint.ts). Add a point with one call:
 *
 *   countSignIn("login", "ok");
 *   countGatewaySend("signal", "failed");
 *
 * Labels stay few and bounded (methods, results, provider and channel ids,
 * protected-app names): never a login, an address or a token. Every instance
 * has its own counters; Prometheus sums them. scripts/serve.ts and Next's server
 * bundle each load a copy of this module, so the metrics live on globalThis.
 */

export type LatencyRoute = "sign_in" | "verify" | "api";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gatehouse_" });
  const registers = [registry];
  return {
    registry,
    signIns: new Counter({
      name: "gatehouse_sign_ins_total",
      help: "Password checks by method (login form, API Basic, app-password exchange, sudo) and result",
      labelNames: ["method", "result"] as const,
      registers,
    }),
    secondFactor: new Counter({
      name: "gatehouse_second_factor_total",
      help: "Second-factor answers by provider and result",
      labelNames: ["provider", "result"] as const,
      registers,
    }),
    throttleBlocks: new Counter({
      name: "gatehouse_throttle_blocks_total",
      help: "Attempts refused by the throttle, by action and counter (address or account)",
      labelNames: ["action", "scope"] as const,
      registers,
    }),
    verify: new Counter({
      name: "gatehouse_verify_decisions_total",
      help: "Forward-auth verify answers by protected app and result",
      labelNames: ["app", "result"] as const,
      registers,
    }),
    gatewaySends: new Counter({
      name: "gatehouse_gateway_sends_total",
      help: "Messages handed to a gateway, by channel and result",
      labelNames: ["channel", "result"] as const,
      registers,
    }),
    latency: new Histogram({
      name: "gatehouse_request_duration_seconds",
      help: "Time to answer, by route: sign_in (POST /login), verify (forward auth), api (/api/*)",
      labelNames: ["route"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    sessions: new Gauge({ name: "gatehouse_sessions", help: "Browser sessions not yet expired (from the database)", registers }),
    appPasswords: new Gauge({ name: "gatehouse_app_passwords", help: "App passwords not yet expired (from the database)", registers }),
  };
}

type Metrics = ReturnType<typeof create>;
const KEY = Symbol.for("gatehouse.metrics");
const metrics = (): Metrics => ((globalThis as { [KEY]?: Metrics })[KEY] ??= create());

export const countSignIn = (method: string, result: "ok" | "failed" | "throttled") => metrics().signIns.inc({ method, result });
export const countSecondFactor = (provider: string, result: string) => metrics().secondFactor.inc({ provider, result });
export const countThrottleBlock = (action: string, scope: "address" | "account") => metrics().throttleBlocks.inc({ action, scope });
export const countVerifyDecision = (app: string, result: string) => metrics().verify.inc({ app, result });
export const countGatewaySend = (channel: string, result: "sent" | "failed" | "not_configured") => metrics().gatewaySends.inc({ channel, result });
export const observeLatency = (route: LatencyRoute, seconds: number) => metrics().latency.observe({ route }, seconds);

/** The database-backed gauges, set just before a scrape (lib/metrics-endpoint.ts). */
export function setStoredCounts(counts: { sessions: number; appPasswords: number }): void {
  metrics().sessions.set(counts.sessions);
  metrics().appPasswords.set(counts.appPasswords);
}

/** The exposition: Prometheus text format and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
