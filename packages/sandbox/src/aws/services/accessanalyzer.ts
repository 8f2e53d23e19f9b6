import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { RestService } from '../types';

const PAGING: PageRules = {
  min: 1,
  max: 1000,
  invalidToken: () =>
    new AwsError('ValidationException', 'Invalid pagination token.'),
  invalidSize: message => new AwsError('ValidationException', message),
};

/** IAM Access Analyzer: restJson1, regional. */
export const accessAnalyzerService: RestService = {
  name: 'access-analyzer',
  protocol: 'restJson1',
  signingNames: ['access-analyzer'],
  pathPrefixes: ['/analyzer'],
  errorMessageKey: 'message',
  throttling: {
    code: 'ThrottlingException',
    status: 429,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalServerException',
    status: 500,
    message: 'Internal server error.',
  },
  routes: [
    {
      method: 'GET',
      path: '/analyzer',
      operation: 'ListAnalyzers',
      handler: (ctx, request) => {
        const type = request.query.get('type');
        const analyzers = ctx.index
          .region(ctx.caller.accountId, ctx.region)
          .accessAnalyzers.filter(a => !type || a.type === type);
        const size = request.query.get('maxResults');
        const result = page(
          analyzers,
          {
            scope: `access-analyzer|ListAnalyzers|${ctx.caller.accountId}|${
              ctx.region
            }|${type ?? ''}`,
            token: request.query.get('nextToken') ?? undefined,
            size: size === null ? undefined : Number(size),
            defaultSize: ctx.faults.pageSize,
          },
          PAGING,
        );
        return {
          body: {
            analyzers: result.items.map(a => ({
              arn: `arn:aws:access-analyzer:${ctx.region}:${ctx.caller.accountId}:analyzer/${a.name}`,
              name: a.name,
              type: a.type,
              createdAt: '2021-03-01T10:00:00Z',
              lastResourceAnalyzed: `arn:aws:s3:::lz-vpc-flow-logs-${ctx.index.organization.id}`,
              lastResourceAnalyzedAt: '2024-01-01T00:00:00Z',
              status: 'ACTIVE',
              tags: {},
            })),
            nextToken: result.nextToken,
          },
        };
      },
    },
  ],
};
