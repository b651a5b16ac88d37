import type { LoadPlan, Phase, PhaseResult, SeedHot, Storm } from './load-plan';
import { StormMessages, type HotGroup } from './storm-messages';

/* The load process (forked child): fires the storm messages with autocannon, as told over IPC. */

interface AutocannonResult {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

type Autocannon = (opts: object) => Promise<AutocannonResult>;

export function loadProcess(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as Autocannon;
  const messages = new StormMessages();
  process.on('message', (message: { plan?: LoadPlan; phase?: Phase }) => {
    if (message.plan) {
      messages.plan = message.plan;
      process.send!({ ready: true });
      return;
    }
    const phase = message.phase!;
    const run =
      phase.kind === 'seed-hot'
        ? seedHot(messages.plan, messages, phase)
        : storm(autocannon, messages.plan, messages, phase);
    run.then(
      (result) => process.send!({ result }),
      (error: Error) => process.send!({ error: error.stack ?? String(error) }),
    );
  });
}

async function storm(
  autocannon: Autocannon,
  plan: LoadPlan,
  messages: StormMessages,
  { name, seconds, repeatShare, alertsPerRequest = 1 }: Storm,
): Promise<PhaseResult> {
  const accepted: string[] = [];
  let alerts = 0;
  let unparsable = 0;
  const result = await autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: object) => ({
          ...req,
          ...(Math.random() < repeatShare && messages.hot.length > 0
            ? messages.repeat(alertsPerRequest)
            : messages.fresh(alertsPerRequest)),
        }),
        onResponse: (status: number, text: string) => {
          if (status < 200 || status > 299) return;
          try {
            const answer = JSON.parse(text) as { deliveryId: string; alerts?: unknown[] };
            accepted.push(answer.deliveryId);
            alerts += answer.alerts?.length ?? 1;
          } catch {
            unparsable += 1;
          }
        },
      },
    ],
  });
  return stormResult(name, result, { accepted, alerts, unparsable });
}

function stormResult(
  name: string,
  result: AutocannonResult,
  seen: { accepted: string[]; alerts: number; unparsable: number },
): PhaseResult {
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count;
  if (seen.unparsable > 0) statuses['2xx with an unparsable body'] = seen.unparsable;
  return {
    name,
    seconds: result.duration,
    requests: result.requests.total,
    ok: result['2xx'],
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    accepted: seen.accepted,
    alerts: seen.alerts,
  };
}

/** The groups a repeat storm repeats, opened before it starts (10 messages at a time). */
async function seedHot(
  plan: LoadPlan,
  messages: StormMessages,
  { perGroup }: SeedHot,
): Promise<PhaseResult> {
  const accepted: string[] = [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  let next = 0;
  let alerts = 0;
  messages.hot = [];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < plan.hotAlerts) {
        const group = hotGroup(plan, next++, perGroup);
        const res = await fetch(plan.baseUrl + group.target.path, {
          method: 'POST',
          headers: messages.headersOf(group.target),
          body: messages.body(group.service, group.alerts),
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const answer = (await res.json()) as { deliveryId: string };
        if (!res.ok) continue;
        accepted.push(answer.deliveryId);
        alerts += perGroup;
        messages.hot.push(group);
      }
    }),
  );
  return {
    name: 'seed hot alerts',
    seconds: (Date.now() - started) / 1000,
    requests: plan.hotAlerts,
    ok: accepted.length,
    statuses,
    errors: 0,
    timeouts: 0,
    p50: NaN,
    p975: NaN,
    p99: NaN,
    max: NaN,
    accepted,
    alerts,
  };
}

function hotGroup(plan: LoadPlan, i: number, perGroup: number): HotGroup {
  const startsAt = new Date().toISOString();
  return {
    target: plan.integrations[i % plan.integrations.length],
    service: `svc-${i % plan.services}`,
    alerts: Array.from({ length: perGroup }, (_, k) => ({
      fingerprint: `${plan.tag}-hot-${i}-${k}-${perGroup}`,
      startsAt,
      description: 'value 0',
    })),
  };
}
