/** SEV1 is the worst. The order matters to anyone who sorts or escalates by severity. */
export const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

export type Severity = (typeof severities)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (severities as readonly string[]).includes(value);
}
