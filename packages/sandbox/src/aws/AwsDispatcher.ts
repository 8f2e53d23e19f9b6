import { randomUUID } from 'node:crypto';
import type { FaultInjector } from '../faults/FaultInjector';
import type { OrganizationIndex } from '../org/OrganizationIndex';
import type { CallCounters } from '../server/CallCounters';
import {
  NO_RESPONSE,
  type Dispatcher,
  type SandboxRequest,
  type SandboxResponse,
} from '../server/types';
import { AwsError } from './errors';
import type { CredentialIssuer } from './identity';
import {
  formParams,
  invalidToken,
  invocationFor,
  renderError,
  unknownOperation,
} from './protocols';
import type { ServiceDefinition } from './types';

/** What the SigV4 Authorization header (or presigned query) says about a request. */
export type SignatureScope = {
  accessKeyId: string;
  region: string;
  service: string;
};

const CREDENTIAL =
  /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function signatureScope(
  request: SandboxRequest,
): SignatureScope | undefined {
  const source =
    String(request.headers.authorization ?? '') ||
    `Credential=${request.query.get('X-Amz-Credential') ?? ''}`;
  const m = CREDENTIAL.exec(source);
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}

/** Query-protocol services share the same wire shape; their API version tells them apart. */
const QUERY_VERSIONS: Record<string, string> = {
  '2011-06-15': 'sts',
  '2010-05-08': 'iam',
  '2016-11-15': 'ec2',
  '2015-12-01': 'elasticloadbalancing',
  '2014-10-31': 'rds',
  '2015-02-02': 'elasticache',
  '2011-01-01': 'autoscaling',
};

function pathMatches(service: ServiceDefinition, path: string): boolean {
  return (
    'pathPrefixes' in service &&
    service.pathPrefixes.some(p => path === p || path.startsWith(`${p}/`))
  );
}

/**
 * Routes AWS requests to their service as AWS clients address them: the SigV4
 * credential scope names the service and region; unsigned requests fall back to
 * X-Amz-Target, the Query API version, or the REST path. Applies faults and
 * counters around every call; a hung call returns NO_RESPONSE.
 */
export class AwsDispatcher implements Dispatcher {
  readonly name = 'aws';
  readonly #services: ServiceDefinition[];
  /** Services sharing a signing name (S3 and S3 Control) are told apart by path. */
  readonly #bySigningName = new Map<string, ServiceDefinition[]>();
  readonly #byName = new Map<string, ServiceDefinition>();
  readonly #index: OrganizationIndex;
  readonly #faults: FaultInjector;
  readonly #counters: CallCounters;
  readonly #credentials: CredentialIssuer;

  static create(options: {
    services: ServiceDefinition[];
    index: OrganizationIndex;
    faults: FaultInjector;
    counters: CallCounters;
    credentials: CredentialIssuer;
  }): AwsDispatcher {
    return new AwsDispatcher(options);
  }

  private constructor(options: {
    services: ServiceDefinition[];
    index: OrganizationIndex;
    faults: FaultInjector;
    counters: CallCounters;
    credentials: CredentialIssuer;
  }) {
    this.#services = options.services;
    this.#index = options.index;
    this.#faults = options.faults;
    this.#counters = options.counters;
    this.#credentials = options.credentials;
    for (const service of this.#services) {
      this.#byName.set(service.name, service);
      for (const signingName of service.signingNames) {
        const list = this.#bySigningName.get(signingName) ?? [];
        list.push(service);
        this.#bySigningName.set(signingName, list);
      }
    }
  }

  matches(): boolean {
    // AWS is the fallback: anything not claimed by another dispatcher.
    return true;
  }

  async handle(
    request: SandboxRequest,
  ): Promise<SandboxResponse | typeof NO_RESPONSE> {
    const scope = signatureScope(request);
    const service = this.#identify(request, scope);
    if (!service) {
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          message:
            'The sandbox cannot tell which AWS service this request is for (no SigV4 scope, X-Amz-Target, Action or known path).',
        }),
      };
    }
    const requestId = randomUUID();
    const region = scope?.region ?? 'us-east-1';
    const invocation = invocationFor(service, request);
    const operation = invocation.operation;
    const fail = (error: AwsError, outcome: 'failed' | 'throttled') => {
      this.#counters.record(service.name, operation, outcome);
      return renderError(service, error, requestId);
    };

    await this.#faults.delay();

    const token = request.headers['x-amz-security-token'];
    const caller = this.#credentials.callerFor(
      scope?.accessKeyId,
      Array.isArray(token) ? token[0] : token,
    );
    if (!caller) {
      return fail(invalidToken(service), 'failed');
    }
    if (!invocation.run) {
      return fail(unknownOperation(service, operation), 'failed');
    }
    // Before decide(): a hung call takes no token and draws no 5xx from the PRNG.
    if (this.#faults.shouldHang(service.name, operation, caller.accountId)) {
      this.#counters.record(service.name, operation, 'hung');
      return NO_RESPONSE;
    }
    const verdict = this.#faults.decide(
      service.name,
      operation,
      caller.accountId,
      region,
    );
    if (verdict === 'throttle') {
      const { code, status, message } = service.throttling;
      return fail(new AwsError(code, message, status), 'throttled');
    }
    if (verdict === 'server-error') {
      const { code, status, message } = service.serverError;
      return fail(new AwsError(code, message, status), 'failed');
    }
    try {
      const response = invocation.run({
        caller,
        region,
        index: this.#index,
        faults: this.#faults,
        credentials: this.#credentials,
        requestId,
      });
      this.#counters.record(
        service.name,
        operation,
        response.status < 400 ? 'ok' : 'failed',
      );
      return response;
    } catch (e) {
      if (e instanceof AwsError) {
        return fail(e, 'failed');
      }
      throw e;
    }
  }

  #identify(
    request: SandboxRequest,
    scope: SignatureScope | undefined,
  ): ServiceDefinition | undefined {
    if (scope) {
      const signed = this.#bySigningName.get(scope.service);
      if (signed?.length === 1) return signed[0];
      if (signed) {
        // The one whose path prefix matches, else the one that claims no prefix.
        return (
          signed.find(s => pathMatches(s, request.path)) ??
          signed.find(
            s => 'pathPrefixes' in s && s.pathPrefixes.length === 0,
          ) ??
          signed[0]
        );
      }
    }
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const prefix = target.slice(0, target.lastIndexOf('.'));
      return this.#services.find(
        s => s.protocol === 'awsJson1_1' && s.targetPrefixes.includes(prefix),
      );
    }
    const contentType = String(request.headers['content-type'] ?? '');
    if (
      contentType.startsWith('application/x-www-form-urlencoded') ||
      request.query.has('Action')
    ) {
      const version = formParams(request).get('Version') ?? '';
      const name = QUERY_VERSIONS[version];
      return name ? this.#byName.get(name) : undefined;
    }
    return this.#services.find(s => pathMatches(s, request.path));
  }
}
