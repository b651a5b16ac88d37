import type { AlertSource } from './alert-source';
import { alertmanagerSource } from './sources/alertmanager/alertmanager.source';
import { azureMonitorSource } from './sources/azure-monitor/azure-monitor.source';
import {
  createCloudWatchSnsSource,
  type SubscriptionConfirmer,
} from './sources/cloudwatch-sns/cloudwatch-sns.source';
import type { SigningCertificateFetcher } from './sources/cloudwatch-sns/cloudwatch-sns.signature';
import { datadogSource } from './sources/datadog/datadog.source';
import { genericJsonSource } from './sources/generic-json/generic-json.source';
import { googleCloudMonitoringSource } from './sources/google-cloud-monitoring/google-cloud-monitoring.source';
import { grafanaSource } from './sources/grafana/grafana.source';
import { opsgenieSource } from './sources/opsgenie/opsgenie.source';
import { pagerDutySource } from './sources/pagerduty/pagerduty.source';
import { sentrySource } from './sources/sentry/sentry.source';
import { uptimeKumaSource } from './sources/uptime-kuma/uptime-kuma.source';

/**
 * Which secret a source's own (vendor) check uses, and whether Sitrep may invent it. Sentry's
 * client secret and SNS topic ARNs come from the vendor, so they must be supplied.
 */
export interface VendorCredential {
  kind: 'signing-secret' | 'vendor-key';
  generated: boolean;
}

export interface RegisteredSource {
  source: AlertSource;
  /** Absent: the source has no vendor check, so `auth_mode = 'vendor'` is refused for it. */
  vendorCredential?: VendorCredential;
}

export class SourceRegistry {
  private readonly sources = new Map<string, RegisteredSource>();

  constructor(entries: readonly RegisteredSource[]) {
    for (const entry of entries) {
      if (this.sources.has(entry.source.name)) {
        throw new Error(`Alert source ${entry.source.name} is registered twice`);
      }
      this.sources.set(entry.source.name, entry);
    }
  }

  get(name: string): RegisteredSource | undefined {
    return this.sources.get(name);
  }

  names(): string[] {
    return [...this.sources.keys()].sort();
  }
}

export const SOURCE_REGISTRY = Symbol('sitrep.alert-source-registry');

export interface SourceRegistryOptions {
  /** For SNS signatures; the default fetches over HTTPS and caches by URL. */
  fetchSnsSigningCertificate?: SigningCertificateFetcher;
  /** Visits an SNS SubscribeURL; the default GETs it over HTTPS. */
  confirmSnsSubscription?: SubscriptionConfirmer;
}

const signingSecret = (generated: boolean): VendorCredential => ({
  kind: 'signing-secret',
  generated,
});
const vendorKey = (generated: boolean): VendorCredential => ({ kind: 'vendor-key', generated });

/** Every source adapter Sitrep ships. */
export function createSourceRegistry(options: SourceRegistryOptions = {}): SourceRegistry {
  const fetchCertificate = options.fetchSnsSigningCertificate ?? cachingCertificateFetcher();
  return new SourceRegistry([
    { source: alertmanagerSource as AlertSource },
    { source: azureMonitorSource as AlertSource, vendorCredential: vendorKey(true) },
    {
      source: createCloudWatchSnsSource({
        fetchSigningCertificate: fetchCertificate,
        confirmSubscription: options.confirmSnsSubscription ?? getText,
      }) as AlertSource,
      vendorCredential: vendorKey(false),
    },
    { source: datadogSource as AlertSource },
    { source: genericJsonSource },
    { source: googleCloudMonitoringSource as AlertSource, vendorCredential: vendorKey(true) },
    { source: grafanaSource as AlertSource, vendorCredential: signingSecret(true) },
    { source: opsgenieSource as AlertSource, vendorCredential: vendorKey(true) },
    { source: pagerDutySource as AlertSource, vendorCredential: vendorKey(true) },
    { source: sentrySource as AlertSource, vendorCredential: signingSecret(false) },
    { source: uptimeKumaSource as AlertSource, vendorCredential: vendorKey(true) },
  ]);
}

/** The source checks the certificate URL (an AWS host over HTTPS) before asking for it. */
function cachingCertificateFetcher(): SigningCertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    const key = url.toString();
    let pem = cache.get(key);
    if (!pem) {
      pem = getText(url);
      pem.catch(() => cache.delete(key));
      cache.set(key, pem);
    }
    return pem;
  };
}

/**
 * GET within 5 s, no redirects (they could leave the checked host): the body, or an error naming
 * the URL without its query (a SubscribeURL's query carries the subscription's token).
 */
async function getText(url: URL): Promise<string> {
  const where = `GET ${url.origin}${url.pathname}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`${where} failed: ${why}`);
  }
  if (!response.ok) throw new Error(`${where} answered ${response.status}`);
  return response.text();
}
