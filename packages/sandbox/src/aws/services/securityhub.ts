import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { OperationContext, RestService } from '../types';

const PAGING: PageRules = {
  min: 1,
  max: 100,
  invalidToken: () =>
    new AwsError('InvalidInputException', 'The NextToken provided is invalid.'),
  invalidSize: message => new AwsError('InvalidInputException', message),
};

/** The hub of the calling account and region; Security Hub answers 401 when there is none. */
function hub(ctx: OperationContext) {
  const state = ctx.index.region(ctx.caller.accountId, ctx.region).securityHub;
  if (!state) {
    throw new AwsError(
      'InvalidAccessException',
      `Account ${ctx.caller.accountId} is not subscribed to AWS Security Hub`,
      401,
    );
  }
  return state;
}

/** The subscription ARN AWS derives from a standard ARN. */
function subscriptionArn(ctx: OperationContext, standardsArn: string): string {
  const tail = standardsArn.replace(
    /^arn:aws:securityhub:[^:]*::(standards|ruleset)\//,
    '',
  );
  return `arn:aws:securityhub:${ctx.region}:${ctx.caller.accountId}:subscription/${tail}`;
}

/** AWS Security Hub: restJson1, regional. */
export const securityHubService: RestService = {
  name: 'securityhub',
  protocol: 'restJson1',
  signingNames: ['securityhub'],
  pathPrefixes: ['/accounts', '/standards'],
  errorMessageKey: 'Message',
  throttling: {
    code: 'TooManyRequestsException',
    status: 429,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalException',
    status: 500,
    message: 'Internal service failure.',
  },
  routes: [
    {
      method: 'GET',
      path: '/accounts',
      operation: 'DescribeHub',
      handler: (ctx, request) => {
        hub(ctx);
        const hubArn = `arn:aws:securityhub:${ctx.region}:${ctx.caller.accountId}:hub/default`;
        const asked = request.query.get('HubArn');
        if (asked && asked !== hubArn) {
          throw new AwsError(
            'ResourceNotFoundException',
            `Hub ${asked} not found`,
            404,
          );
        }
        return {
          body: {
            HubArn: hubArn,
            SubscribedAt: '2021-03-01T10:00:00.000Z',
            AutoEnableControls: true,
            ControlFindingGenerator: 'SECURITY_CONTROL',
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/standards/get',
      operation: 'GetEnabledStandards',
      handler: (ctx, request) => {
        const state = hub(ctx);
        const asked = Array.isArray(request.body.StandardsSubscriptionArns)
          ? (request.body.StandardsSubscriptionArns as string[])
          : [];
        const subscriptions = state.standardsArns
          .map(arn => ({ arn, subscription: subscriptionArn(ctx, arn) }))
          .filter(s => asked.length === 0 || asked.includes(s.subscription));
        const result = page(
          subscriptions,
          {
            scope: `securityhub|GetEnabledStandards|${ctx.caller.accountId}|${ctx.region}`,
            token:
              typeof request.body.NextToken === 'string'
                ? request.body.NextToken
                : undefined,
            size:
              typeof request.body.MaxResults === 'number'
                ? request.body.MaxResults
                : undefined,
            defaultSize: ctx.faults.pageSize,
          },
          PAGING,
        );
        return {
          body: {
            StandardsSubscriptions: result.items.map(s => ({
              StandardsSubscriptionArn: s.subscription,
              StandardsArn: s.arn,
              StandardsInput: {},
              StandardsStatus: 'READY',
              StandardsControlsUpdatable: 'READY_FOR_UPDATES',
            })),
            NextToken: result.nextToken,
          },
        };
      },
    },
  ],
};
