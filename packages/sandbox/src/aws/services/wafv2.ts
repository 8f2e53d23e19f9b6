import { AwsError } from '../errors';
import type { JsonRpcService } from '../types';

/** AWS WAFv2: awsJson1_1 `AWSWAF_20190729.X`, regional web ACLs of load balancers. */
export const wafv2Service: JsonRpcService = {
  name: 'wafv2',
  protocol: 'awsJson1_1',
  signingNames: ['wafv2'],
  targetPrefixes: ['AWSWAF_20190729'],
  errorMessageKey: 'Message',
  throttling: {
    code: 'ThrottlingException',
    status: 400,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'WAFInternalErrorException',
    status: 500,
    message:
      'Your request is valid, but WAF couldn’t perform the operation because of a system problem. Retry your request.',
  },
  operations: {
    GetWebACLForResource: (ctx, input) => {
      const arn = input.ResourceArn;
      const m =
        typeof arn === 'string'
          ? /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/app\//.exec(
              arn,
            )
          : null;
      if (!m) {
        throw new AwsError(
          'WAFInvalidParameterException',
          "The operation failed because AWS WAF didn't recognize a parameter in the request.",
          400,
          { Field: 'RESOURCE_ARN', Parameter: String(arn ?? '') },
        );
      }
      const [, region, accountId] = m;
      const state = ctx.index.region(ctx.caller.accountId, ctx.region);
      const lb =
        accountId === ctx.caller.accountId && region === ctx.region
          ? state.loadBalancers.find(l => l.arn === arn)
          : undefined;
      if (!lb) {
        throw new AwsError(
          'WAFNonexistentItemException',
          'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
        );
      }
      const acl = lb.webAclArn
        ? state.webAcls.find(a => a.arn === lb.webAclArn)
        : undefined;
      if (!acl) return {};
      return {
        WebACL: {
          Name: acl.name,
          Id: acl.id,
          ARN: acl.arn,
          DefaultAction: { Allow: {} },
          Description: `${acl.name} (managed rule groups)`,
          Rules: [
            {
              Name: 'AWS-AWSManagedRulesCommonRuleSet',
              Priority: 0,
              Statement: {
                ManagedRuleGroupStatement: {
                  VendorName: 'AWS',
                  Name: 'AWSManagedRulesCommonRuleSet',
                },
              },
              OverrideAction: { None: {} },
              VisibilityConfig: {
                SampledRequestsEnabled: true,
                CloudWatchMetricsEnabled: true,
                MetricName: 'common',
              },
            },
          ],
          VisibilityConfig: {
            SampledRequestsEnabled: true,
            CloudWatchMetricsEnabled: true,
            MetricName: acl.name,
          },
          Capacity: 700,
          ManagedByFirewallManager: false,
          LabelNamespace: `awswaf:${ctx.caller.accountId}:webacl:${acl.name}:`,
        },
      };
    },
  },
};
