import type { SandboxRequest, SandboxResponse } from '../server/types';
import { AwsError } from './errors';
import { QueryParams } from './query';
import type {
  OperationContext,
  RestRoute,
  RestService,
  ServiceDefinition,
} from './types';
import { escapeXml } from './xml';

/** One request matched to an operation of a service, ready to run. */
export type Invocation = {
  operation: string;
  /** Undefined when the service has no such operation. */
  run?: (ctx: OperationContext) => SandboxResponse;
};

type CompiledRoute = { route: RestRoute; pattern: RegExp; names: string[] };
const compiled = new WeakMap<RestService, CompiledRoute[]>();

function routesOf(service: RestService): CompiledRoute[] {
  let routes = compiled.get(service);
  if (!routes) {
    routes = service.routes.map(route => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map(part => {
          const m = /^\{(\w+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
    compiled.set(service, routes);
  }
  return routes;
}

/** Query parameters of a Query/EC2 request: the form body merged over the URL's. */
export function formParams(request: SandboxRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  if (request.body.length > 0) {
    for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) {
      params.set(k, v);
    }
  }
  return params;
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' ? value : {};
  } catch {
    throw new AwsError(
      'SerializationException',
      'The request body is not valid JSON.',
    );
  }
}

/** Finds the operation a request addresses, as the service's protocol says. */
export function invocationFor(
  service: ServiceDefinition,
  request: SandboxRequest,
): Invocation {
  switch (service.protocol) {
    case 'awsJson1_1': {
      const target = String(request.headers['x-amz-target'] ?? '');
      const dot = target.lastIndexOf('.');
      const operation = target.slice(dot + 1) || 'Unknown';
      // An own-property check: `constructor` or `toString` must not find Object's.
      const handler =
        service.targetPrefixes.includes(target.slice(0, dot)) &&
        Object.hasOwn(service.operations, operation)
          ? service.operations[operation]
          : undefined;
      return {
        operation,
        run:
          handler &&
          (ctx => {
            const result = handler(ctx, parseJson(request.body));
            return {
              status: 200,
              headers: {
                'content-type': 'application/x-amz-json-1.1',
                'x-amzn-requestid': ctx.requestId,
              },
              body: JSON.stringify(result ?? {}),
            };
          }),
      };
    }
    case 'awsQuery':
    case 'ec2Query': {
      const params = formParams(request);
      const operation = params.get('Action') ?? 'Unknown';
      const handler = Object.hasOwn(service.operations, operation)
        ? service.operations[operation]
        : undefined;
      return {
        operation,
        run:
          handler &&
          (ctx => {
            const inner = handler(ctx, QueryParams.create(params));
            const ns = service.xmlNamespace;
            const body =
              service.protocol === 'ec2Query'
                ? `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${ns}"><requestId>${ctx.requestId}</requestId>${inner}</${operation}Response>`
                : `<${operation}Response xmlns="${ns}"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${operation}Response>`;
            return {
              status: 200,
              headers: {
                'content-type': 'text/xml',
                'x-amzn-requestid': ctx.requestId,
              },
              body,
            };
          }),
      };
    }
    case 'restJson1':
    case 'restXml': {
      for (const { route, pattern, names } of routesOf(service)) {
        if (route.method !== request.method) continue;
        if (route.query && !request.query.has(route.query)) continue;
        const m = pattern.exec(request.path);
        if (!m) continue;
        const params: Record<string, string> = {};
        names.forEach((name, i) => {
          params[name] = decodeURIComponent(m[i + 1]);
        });
        return {
          operation: route.operation,
          run: (ctx): SandboxResponse => {
            const result = route.handler(ctx, {
              params,
              query: request.query,
              headers: request.headers,
              body:
                service.protocol === 'restJson1' ? parseJson(request.body) : {},
            });
            if (service.protocol === 'restXml') {
              return {
                status: result.status ?? 200,
                headers: {
                  'content-type': 'application/xml',
                  'x-amz-request-id': ctx.requestId,
                },
                body: String(result.body),
              };
            }
            return {
              status: result.status ?? 200,
              headers: {
                'content-type': 'application/json',
                'x-amzn-requestid': ctx.requestId,
              },
              body: JSON.stringify(result.body ?? {}),
            };
          },
        };
      }
      return { operation: `${request.method} ${request.path}` };
    }
    default:
      return { operation: 'Unknown' };
  }
}

/** The error a service answers for an operation it does not have. */
export function unknownOperation(
  service: ServiceDefinition,
  operation: string,
): AwsError {
  switch (service.protocol) {
    case 'awsQuery':
    case 'ec2Query':
      return new AwsError(
        'InvalidAction',
        `The action ${operation} is not valid for this web service.`,
      );
    case 'restJson1':
    case 'restXml':
      return new AwsError(
        'UnknownOperationException',
        `No operation matches ${operation}.`,
        404,
      );
    default:
      return new AwsError(
        'UnknownOperationException',
        `The sandbox does not implement ${operation}.`,
      );
  }
}

/** Renders an error in the service's wire format, so the SDK raises its typed exception. */
export function renderError(
  service: ServiceDefinition,
  error: AwsError,
  requestId: string,
): SandboxResponse {
  const fields = Object.entries(error.fields);
  switch (service.protocol) {
    case 'awsJson1_1':
    case 'restJson1':
      return {
        status: error.status,
        headers: {
          'content-type':
            service.protocol === 'awsJson1_1'
              ? 'application/x-amz-json-1.1'
              : 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': error.code,
        },
        body: JSON.stringify({
          __type: error.code,
          [service.errorMessageKey]: error.message,
          ...error.fields,
        }),
      };
    case 'awsQuery': {
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="${
          service.xmlNamespace
        }"><Error><Type>${type}</Type><Code>${escapeXml(
          error.code,
        )}</Code><Message>${escapeXml(error.message)}</Message>${fields
          .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
          .join(
            '',
          )}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    case 'ec2Query':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(
          error.code,
        )}</Code><Message>${escapeXml(
          error.message,
        )}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'restXml':
    default:
      return {
        status: error.status,
        headers: {
          'content-type': 'application/xml',
          'x-amz-request-id': requestId,
        },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>${escapeXml(
          error.code,
        )}</Code><Message>${escapeXml(error.message)}</Message>${fields
          .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
          .join(
            '',
          )}</Error><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></ErrorResponse>`,
      };
  }
}

/** The error AWS answers when the access key belongs to nobody it knows. */
export function invalidToken(service: ServiceDefinition): AwsError {
  switch (service.protocol) {
    case 'awsQuery':
      return new AwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    case 'ec2Query':
      return new AwsError(
        'AuthFailure',
        'AWS was not able to validate the provided access credentials',
        401,
      );
    case 'restXml':
      return new AwsError(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
      );
    default:
      return new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        403,
      );
  }
}
