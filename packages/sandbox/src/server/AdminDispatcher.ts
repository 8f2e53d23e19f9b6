import type { z } from 'zod';
import { faultConfigSchema } from '../faults/schema';
import type { FaultInjector } from '../faults/FaultInjector';
import type { OrganizationIndex } from '../org/OrganizationIndex';
import type { Organization } from '../org/types';
import { describeIssue, formatPath } from '../org/load';
import { accountSettingsSchema, regionSettingsSchema } from '../org/schema';
import {
  accountSettingsOf,
  applyAccountSettings,
  applyRegionSettings,
  regionSettingsOf,
} from './accountSettings';
import type { CallCounters } from './CallCounters';
import {
  jsonResponse,
  type Dispatcher,
  type SandboxRequest,
  type SandboxResponse,
} from './types';

export const ADMIN_PREFIX = '/_sandbox/';

const ACCOUNT_ROUTE = /^\/_sandbox\/accounts\/([^/]+)(?:\/regions\/([^/]+))?$/;

/**
 * The sandbox's own endpoints, for tests, benchmarks and demos: counters, faults,
 * a health check and the guardrail settings of each account, which may be broken
 * or mended at runtime. Under a prefix no AWS API uses.
 */
export class AdminDispatcher implements Dispatcher {
  readonly name = 'admin';
  readonly #faults: FaultInjector;
  readonly #counters: CallCounters;
  readonly #organization: Organization;
  // The index, not a map of our own: accounts the factory vends while the sandbox
  // runs can be broken and mended like the others.
  readonly #index: OrganizationIndex;

  static create(options: {
    faults: FaultInjector;
    counters: CallCounters;
    index: OrganizationIndex;
  }): AdminDispatcher {
    return new AdminDispatcher(options);
  }

  private constructor(options: {
    faults: FaultInjector;
    counters: CallCounters;
    index: OrganizationIndex;
  }) {
    this.#faults = options.faults;
    this.#counters = options.counters;
    this.#index = options.index;
    this.#organization = options.index.organization;
  }

  matches(request: SandboxRequest): boolean {
    return request.path.startsWith(ADMIN_PREFIX);
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const path = request.path.replace(/\/$/, '');
    const route = `${request.method} ${path}`;
    const accountRoute = ACCOUNT_ROUTE.exec(path);
    if (accountRoute) {
      return this.#account(
        request,
        decodeURIComponent(accountRoute[1]),
        accountRoute[2] === undefined
          ? undefined
          : decodeURIComponent(accountRoute[2]),
      );
    }
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
          message: `No sandbox endpoint ${route}. Known: GET health, GET counters, POST counters/reset, GET|POST faults, GET|PATCH accounts/:accountId, GET|PATCH accounts/:accountId/regions/:region, GET github/repos, POST github/reset (under ${ADMIN_PREFIX}).`,
        });
    }
  }

  #setFaults(request: SandboxRequest): SandboxResponse {
    const parsed = parseBody(
      request,
      faultConfigSchema,
      'Invalid fault configuration',
    );
    if (!parsed.ok) return parsed.response;
    this.#faults.set(parsed.data);
    return jsonResponse(200, this.#faults.config);
  }

  /** `GET|PATCH /_sandbox/accounts/:accountId[/regions/:region]`. */
  #account(
    request: SandboxRequest,
    accountId: string,
    region: string | undefined,
  ): SandboxResponse {
    const path = `${ADMIN_PREFIX}accounts/${accountId}${
      region === undefined ? '' : `/regions/${region}`
    }`;
    if (request.method !== 'GET' && request.method !== 'PATCH') {
      return jsonResponse(405, {
        message: `No sandbox endpoint ${request.method} ${path}; use GET or PATCH.`,
      });
    }
    const account = this.#index.account(accountId);
    if (!account) {
      return jsonResponse(404, {
        message: `No account ${accountId} in organization ${
          this.#organization.id
        }.`,
      });
    }
    if (region === undefined) {
      if (request.method === 'PATCH') {
        const parsed = parseBody(
          request,
          accountSettingsSchema,
          'Invalid account settings',
        );
        if (!parsed.ok) return parsed.response;
        applyAccountSettings(account, parsed.data);
      }
      return jsonResponse(200, accountSettingsOf(account));
    }
    if (!account.regions[region]) {
      return jsonResponse(404, {
        message: `No region ${region} for account ${accountId}; the operating regions are ${this.#organization.regions.join(
          ', ',
        )}.`,
      });
    }
    if (request.method === 'PATCH') {
      const parsed = parseBody(
        request,
        regionSettingsSchema,
        'Invalid region settings',
      );
      if (!parsed.ok) return parsed.response;
      const issues = applyRegionSettings(account, region, parsed.data);
      if (issues.length > 0) {
        return jsonResponse(400, {
          message: 'Invalid region settings',
          issues: issues.map(i => ({
            path: formatPath(i.path),
            message: i.message,
          })),
        });
      }
    }
    return jsonResponse(200, {
      accountId,
      region,
      ...regionSettingsOf(account.regions[region]),
    });
  }
}

/** Parses a JSON body with a schema; a 400 with `issues[{path, message}]` when invalid. */
function parseBody<T extends z.ZodType>(
  request: SandboxRequest,
  schema: T,
  message: string,
): { ok: true; data: z.output<T> } | { ok: false; response: SandboxResponse } {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8') || '{}');
  } catch {
    return {
      ok: false,
      response: jsonResponse(400, { message: 'The body is not valid JSON.' }),
    };
  }
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      response: jsonResponse(400, {
        message,
        issues: parsed.error.issues.map(i => ({
          path: formatPath(i.path),
          message: describeIssue(i),
        })),
      }),
    };
  }
  return { ok: true, data: parsed.data };
}
