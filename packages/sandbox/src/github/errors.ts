/*
 * GitHub's error answers: `{ message, documentation_url, status }`, and for 422s
 * from validation an `errors` list of `{ resource, field, code }` or
 * `{ resource, code: 'custom', message }`.
 */

const DOCUMENTATION_URL = 'https://docs.github.com/rest';

export type ValidationIssue = {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'custom';
  field?: string;
  message?: string;
};

export class GithubApiError extends Error {
  readonly status: number;
  readonly errors?: ValidationIssue[];

  constructor(status: number, message: string, errors?: ValidationIssue[]) {
    super(message);
    this.name = 'GithubApiError';
    this.status = status;
    this.errors = errors;
  }

  get body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: DOCUMENTATION_URL,
      status: String(this.status),
    };
  }
}

export function notFound(): GithubApiError {
  return new GithubApiError(404, 'Not Found');
}

/** 422 with GitHub's `Validation Failed` and the issues. */
export function validationFailed(...errors: ValidationIssue[]): GithubApiError {
  return new GithubApiError(422, 'Validation Failed', errors);
}

/** 422 with a message of its own, as the git data API answers. */
export function unprocessable(message: string): GithubApiError {
  return new GithubApiError(422, message);
}
