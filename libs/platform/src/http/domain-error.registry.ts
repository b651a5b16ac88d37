/** A domain code such as `INCIDENT.ALREADY_RESOLVED`: a context, a dot, a condition. */
export const DOMAIN_CODE = /^[A-Z_]+\.[A-Z_]+$/;

/**
 * Error code → HTTP status. Domain libs register their codes here (the domain itself knows nothing
 * of HTTP); an unregistered domain code is most likely a rule the request broke, hence 409.
 */
export class DomainErrorRegistry {
  private readonly statuses = new Map<string, number>();

  register(codes: Readonly<Record<string, number>>): void {
    for (const [code, status] of Object.entries(codes)) {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new Error(`Error code ${code} must map to a 4xx or 5xx status, not ${status}`);
      }
      const existing = this.statuses.get(code);
      if (existing !== undefined && existing !== status) {
        throw new Error(
          `Error code ${code} is already mapped to ${existing}, cannot map it to ${status}`,
        );
      }
      this.statuses.set(code, status);
    }
  }

  /** The status for a code, or 500 when the code is not a domain code at all (e.g. ECONNRESET). */
  statusOf(code: string): number {
    return this.statuses.get(code) ?? (DOMAIN_CODE.test(code) ? 409 : 500);
  }
}

export const domainErrors = new DomainErrorRegistry();

export function registerErrorCodes(codes: Readonly<Record<string, number>>): void {
  domainErrors.register(codes);
}
