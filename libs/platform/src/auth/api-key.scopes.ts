/** What an API key may do. `admin` implies every other scope. */
export const SCOPES = ['incidents:read', 'incidents:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  keyId: string;
  name: string;
  scopes: Scope[];
}

/** The principal SITREP_ADMIN_TOKEN stands for: it has no row, so it can never be revoked in the table. */
export const ENV_ADMIN_PRINCIPAL: Readonly<Principal> = Object.freeze({
  keyId: 'env-admin',
  name: 'SITREP_ADMIN_TOKEN',
  scopes: ['admin'] as Scope[],
});

/** The first required scope the principal lacks, or null when it holds them all. */
export function missingScope(held: readonly string[], required: readonly Scope[]): Scope | null {
  if (held.includes('admin')) return null;
  return required.find((scope) => !held.includes(scope)) ?? null;
}
