import type { WebhookDelivery } from '../../alert-source';

/*
 * Opsgenie clients (Alertmanager, Grafana, scripts) are pointed at Sitrep as their API URL, so they
 * call the Alert and Heartbeat API paths below `/webhooks/opsgenie/:integrationId`:
 *   POST /v2/alerts                                              create
 *   POST /v2/alerts/:alias/close|acknowledge?identifierType=alias
 *   PUT  /v2/alerts/:alias/message|description?identifierType=alias   (Alertmanager's update_alerts)
 *   GET|POST /v2/heartbeats/:name/ping
 * Opsgenie's own outgoing webhook posts to the integration URL itself (told apart by its body).
 */
export type OpsgenieRoute =
  | { operation: 'create' }
  /** The integration URL itself: an Alert API create, or Opsgenie's outgoing webhook. */
  | { operation: 'root' }
  | { operation: AliasOperation; alias: string }
  | { operation: 'heartbeat'; name: string }
  | { operation: 'unsupported'; problem: string };

export type AliasOperation = 'close' | 'acknowledge' | 'message' | 'description';

const ALIAS_OPERATIONS: Record<AliasOperation, string> = {
  close: 'POST',
  acknowledge: 'POST',
  message: 'PUT',
  description: 'PUT',
};

/** The methods Opsgenie's clients use besides POST. */
export const OPSGENIE_METHODS: readonly string[] = ['PUT', 'GET'];

/** The sub-path below the integration URL. */
export function subPathOf(delivery: WebhookDelivery): string {
  return delivery.path ?? '';
}

export function opsgenieRouteOf(
  subPath: string,
  query: WebhookDelivery['query'],
  method = 'POST',
): OpsgenieRoute {
  const path = subPath.replace(/\/+$/, '');
  const unsupported = (problem: string): OpsgenieRoute => ({ operation: 'unsupported', problem });
  const heartbeat = /^\/v2\/heartbeats\/([^/]+)\/ping$/.exec(path);
  if (heartbeat) {
    if (method !== 'GET' && method !== 'POST')
      return unsupported(`${method} ${path} is not supported`);
    const name = decoded(heartbeat[1]);
    return name === undefined
      ? unsupported('the heartbeat name in the path is not valid URL encoding')
      : { operation: 'heartbeat', name };
  }
  if (path === '' && method === 'POST') return { operation: 'root' };
  if (path === '/v2/alerts' && method === 'POST') return { operation: 'create' };
  const byAlias = /^\/v2\/alerts\/([^/]+)\/([a-z]+)$/.exec(path);
  const operation = byAlias?.[2] as AliasOperation | undefined;
  if (!byAlias || !operation || !Object.hasOwn(ALIAS_OPERATIONS, operation)) {
    return unsupported(`Alert API path ${path || '/'} is not supported`);
  }
  if (ALIAS_OPERATIONS[operation] !== method) {
    return unsupported(`${operation} is ${ALIAS_OPERATIONS[operation]}, not ${method}`);
  }
  // Opsgenie reads a missing identifierType as `id`; Sitrep never issues Opsgenie ids.
  if (query['identifierType'] !== 'alias') {
    return unsupported(`${operation} is supported by alias only (identifierType=alias)`);
  }
  const alias = decoded(byAlias[1]);
  return alias === undefined
    ? unsupported('the alias in the path is not valid URL encoding')
    : { operation, alias };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
