/**
 * An error answer of an AWS service. Services throw it; the protocol layer renders
 * it in the service's wire format (JSON `__type`, Query `<ErrorResponse>`, EC2
 * `<Response><Errors>`, REST `x-amzn-ErrorType`), so the SDK raises its typed
 * exception of the same name.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra members of the modeled exception, e.g. Organizations' `Reason`. */
  readonly fields: Record<string, string>;

  constructor(
    code: string,
    message: string,
    status: number = 400,
    fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}
