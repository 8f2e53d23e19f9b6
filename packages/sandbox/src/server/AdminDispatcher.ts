import { faultConfigSchema } from '../faults/schema';
import type { FaultInjector } from '../faults/FaultInjector';
import type { Organization } from '../org/types';
import { describeIssue, formatPath } from '../org/load';
import type { CallCounters } from './CallCounters';
import {
  jsonResponse,
  type Dispatcher,
  type SandboxRequest,
  type SandboxResponse,
} from './types';

export const ADMIN_PREFIX = '/_sandbox/';

/**
 * The sandbox's own endpoints, for tests and benchmarks: counters, faults and a
 * health check. Under a prefix no AWS API uses.
 */
export class AdminDispatcher implements Dispatcher {
  readonly name = 'admin';
  readonly #faults: FaultInjector;
  readonly #counters: CallCounters;
  readonly #organization: Organization;

  static create(options: {
    faults: FaultInjector;
    counters: CallCounters;
    organization: Organization;
  }): AdminDispatcher {
    return new AdminDispatcher(options);
  }

  private constructor(options: {
    faults: FaultInjector;
    counters: CallCounters;
    organization: Organization;
  }) {
    this.#faults = options.faults;
    this.#counters = options.counters;
    this.#organization = options.organization;
  }

  matches(request: SandboxRequest): boolean {
    return request.path.startsWith(ADMIN_PREFIX);
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const route = `${request.method} ${request.path.replace(/\/$/, '')}`;
    switch (route) {
      case 'GET /_sandbox/health':
        return jsonResponse(200, {
          status: 'ok',
          organizationId: this.#organization.id,
          accounts: this.#organization.accounts.length,
        });
      case 'GET /_sandbox/counters':
        return jsonResponse(200, this.#counters.snapshot());
      case 'POST /_sandbox/counters/reset':
        this.#counters.reset();
        return jsonResponse(200, this.#counters.snapshot());
      case 'GET /_sandbox/faults':
        return jsonResponse(200, this.#faults.config);
      case 'POST /_sandbox/faults':
      case 'PUT /_sandbox/faults':
        return this.#setFaults(request);
      default:
        return jsonResponse(404, {
          message: `No sandbox endpoint ${route}. Known: GET health, GET counters, POST counters/reset, GET|POST faults (under ${ADMIN_PREFIX}).`,
        });
    }
  }

  #setFaults(request: SandboxRequest): SandboxResponse {
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8') || '{}');
    } catch {
      return jsonResponse(400, { message: 'The body is not valid JSON.' });
    }
    const parsed = faultConfigSchema.safeParse(body, { reportInput: true });
    if (!parsed.success) {
      return jsonResponse(400, {
        message: 'Invalid fault configuration',
        issues: parsed.error.issues.map(i => ({
          path: formatPath(i.path),
          message: describeIssue(i),
        })),
      });
    }
    this.#faults.set(parsed.data);
    return jsonResponse(200, this.#faults.config);
  }
}
