import type { IncomingHttpHeaders } from 'node:http';
import type { FaultInjector } from '../faults/FaultInjector';
import type { OrganizationIndex } from '../org/OrganizationIndex';
import type { CredentialIssuer } from './identity';
import type { QueryParams } from './query';

/** Who is calling, decided by the access key alone (signatures are not verified). */
export type Caller = {
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  /** Set for assumed-role sessions. */
  roleName?: string;
  sessionName?: string;
};

/** Everything an operation may read. */
export type OperationContext = {
  caller: Caller;
  region: string;
  index: OrganizationIndex;
  faults: FaultInjector;
  credentials: CredentialIssuer;
  requestId: string;
};

export type JsonHandler = (
  ctx: OperationContext,
  input: Record<string, unknown>,
) => unknown;

/** Returns the XML inside `<OpResult>` (Query) or `<OpResponse>` (EC2). */
export type QueryHandler = (
  ctx: OperationContext,
  params: QueryParams,
) => string;

export type RestRequest = {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body for restJson1; undefined otherwise. */
  body: Record<string, unknown>;
};

export type RestHandler = (
  ctx: OperationContext,
  request: RestRequest,
) => { status?: number; body: unknown };

export type RestRoute = {
  method: string;
  /** A URI pattern as in the Smithy model, e.g. `/detector/{DetectorId}`. */
  path: string;
  /** A query parameter the request must carry, e.g. S3's `encryption` subresource. */
  query?: string;
  operation: string;
  handler: RestHandler;
};

/** An error code, its HTTP status and message. */
export type ErrorShape = { code: string; status: number; message: string };

type ServiceBase = {
  /** The name used in counters and fault keys, e.g. `organizations`. */
  name: string;
  /** SigV4 credential-scope service names that address this service. */
  signingNames: string[];
  /** What the service answers when a rate limit is exceeded. */
  throttling: ErrorShape;
  /** What the service answers for an injected server-side failure. */
  serverError: ErrorShape;
};

export type JsonRpcService = ServiceBase & {
  protocol: 'awsJson1_1';
  /** X-Amz-Target prefixes (before the dot) that address this service. */
  targetPrefixes: string[];
  /** `Message` or `message`, as the service's modeled exceptions spell it. */
  errorMessageKey: 'message' | 'Message';
  operations: Record<string, JsonHandler>;
};

export type QueryService = ServiceBase & {
  protocol: 'awsQuery' | 'ec2Query';
  version: string;
  xmlNamespace: string;
  operations: Record<string, QueryHandler>;
};

export type RestService = ServiceBase & {
  protocol: 'restJson1' | 'restXml';
  /** Path prefixes that identify the service when a request is unsigned. */
  pathPrefixes: string[];
  errorMessageKey: 'message' | 'Message';
  xmlNamespace?: string;
  routes: RestRoute[];
};

export type ServiceDefinition = JsonRpcService | QueryService | RestService;
