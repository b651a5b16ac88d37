/** Stable codes; the webhook layer's filter maps INVALID_MAPPING and UNMAPPABLE to 422. */
export const GenericJsonErrorCode = {
  INVALID_MAPPING: 'ALERTS.GENERIC_JSON.INVALID_MAPPING',
  UNMAPPABLE: 'ALERTS.GENERIC_JSON.UNMAPPABLE',
} as const;
export type GenericJsonErrorCode = (typeof GenericJsonErrorCode)[keyof typeof GenericJsonErrorCode];

export class GenericJsonError extends Error {
  constructor(
    readonly code: GenericJsonErrorCode,
    readonly problems: string[],
  ) {
    super(problems.join('; '));
    this.name = 'GenericJsonError';
  }
}
