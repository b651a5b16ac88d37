import type { WebhookDelivery } from '../../alert-source';

/*
 * Opsgenie clients (Alertmanager, Grafana, scripts) are pointed at Sitrep as their API URL, so they
 * post to the Alert API paths below `/webhooks/opsgenie/:integrationId`:
 *   POST /v2/alerts                                   create
 *   POST /v2/alerts/:identifier/close?identifierType=alias   close
 */
export type OpsgenieRoute =
  | { operation: 'create' }
  | { operation: 'close'; alias: string }
  | { operation: 'unsupported'; problem: string };

/** The sub-path below the integration URL; `WebhookDelivery` does not carry it yet. */
export function subPathOf(delivery: WebhookDelivery): string {
  const withPath = delivery as WebhookDelivery & { path?: unknown };
  return typeof withPath.path === 'string' ? withPath.path : '';
}

export function opsgenieRouteOf(subPath: string, query: WebhookDelivery['query']): OpsgenieRoute {
  const path = subPath.replace(/\/+$/, '');
  if (path === '' || path === '/v2/alerts') return { operation: 'create' };
  const close = /^\/v2\/alerts\/([^/]+)\/close$/.exec(path);
  if (!close)
    return { operation: 'unsupported', problem: `Alert API path ${path} is not supported` };
  // Opsgenie reads a missing identifierType as `id`; Sitrep never issues Opsgenie ids.
  if (query['identifierType'] !== 'alias') {
    return {
      operation: 'unsupported',
      problem: 'close is supported by alias only (identifierType=alias)',
    };
  }
  try {
    return { operation: 'close', alias: decodeURIComponent(close[1]) };
  } catch {
    return { operation: 'unsupported', problem: 'the alias in the path is not valid URL encoding' };
  }
}
