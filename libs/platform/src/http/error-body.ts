/** The one shape of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export interface FieldProblem {
  /** Dotted path into the request body, e.g. `impact.customers.0.id`. */
  field: string;
  problems: string[];
}
