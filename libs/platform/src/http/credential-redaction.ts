/**
 * Header, query and field names that carry credentials (webhook `?token=`, `api_key`/`apiKey`,
 * PagerDuty's `routing_key`, Opsgenie's `GenieKey`, `Authorization`): their values never reach a
 * log line or a stored record.
 */
export const CREDENTIAL_NAME =
  /authorization|cookie|token|secret|password|api[-_]?key|genie|routing[-_]?key|service[-_]?key/i;

export const REDACTED = '[redacted]';

/** A request URL fit for a log line: each credential parameter's value is `[redacted]`. */
export function redactedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const parameters = url
    .slice(at + 1)
    .split('&')
    .map((parameter) => {
      const [name] = parameter.split('=', 1);
      return CREDENTIAL_NAME.test(decodedName(name)) ? `${name}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, at)}?${parameters.join('&')}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
