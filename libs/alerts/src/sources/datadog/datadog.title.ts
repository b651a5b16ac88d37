/**
 * What Datadog packs into an event title: `[P2] [Triggered on {host:web-1,env:prod}] High CPU`.
 * The default payload has no other place for the transition, priority or group.
 */
export interface DatadogTitle {
  priority?: string;
  transition?: string;
  scope?: string;
  name: string;
}

const TITLE =
  /^\s*(?:\[(P[1-5])\]\s*)?(?:\[([A-Za-z][A-Za-z -]*?)(?:\s+on\s+\{([^}]*)\})?\]\s*)?(.*)$/s;

export function parseDatadogTitle(title: string): DatadogTitle {
  const [, priority, transition, scope, name] = TITLE.exec(title) ?? [];
  return {
    priority: priority || undefined,
    transition: transition || undefined,
    scope: scope || undefined,
    name: (name ?? title).trim() || title.trim(),
  };
}

/** The same group in any order or spacing gives the same text, so it can be part of a key. */
export function canonicalScope(scope: string | undefined): string | undefined {
  const tags = (scope ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')
    .sort();
  return tags.length > 0 ? tags.join(',') : undefined;
}

/** `env:prod,service:checkout,beta` → { env: 'prod', service: 'checkout', beta: '' }. */
export function tagsToLabels(tags: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of (tags ?? '').split(',')) {
    const trimmed = tag.trim();
    if (!trimmed) continue;
    const colon = trimmed.indexOf(':');
    if (colon === -1) labels[trimmed] = '';
    else labels[trimmed.slice(0, colon)] = trimmed.slice(colon + 1);
  }
  return labels;
}

const MONITOR_LINK = /https?:\/\/[^\s)\]]+\/monitors[/#](\d+)[^\s)\]]*/;

/** Datadog's monitor message ends with links to the monitor; the default payload has no id. */
export function monitorLink(body: string | undefined): { href: string; id: string } | undefined {
  const match = MONITOR_LINK.exec(body ?? '');
  return match ? { href: match[0], id: match[1] } : undefined;
}
