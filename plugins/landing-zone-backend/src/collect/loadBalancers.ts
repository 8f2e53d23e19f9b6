import {
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetWebACLForResourceCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import type {
  LoadBalancer,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions, capture, collectPages, isErrorNamed } from './errors';
import { PAGE_SIZE } from './pageSizes';

/** Web ACL reads of one account-region in flight at a time. */
const WAF_CONCURRENCY = 4;

/** Whether WAF can protect the load balancer and the internet reaches it. */
function isPublicApplication(lb: { type: string; scheme: string }) {
  return lb.type === 'application' && lb.scheme === 'internet-facing';
}

/**
 * Reads the ELBv2 load balancers of one account-region and, for each
 * internet-facing Application Load Balancer, the WAF web ACL associated with
 * it (`null` when none is). A web ACL that cannot be read is that load
 * balancer's error; the list stays. Every call ends with `signal`.
 */
export async function readLoadBalancers(
  clients: { elbv2: ElasticLoadBalancingV2Client; wafv2: WAFV2Client },
  signal?: AbortSignal,
): Promise<Required<Pick<RegionFacts, 'loadBalancers'>>> {
  const call = callOptions(signal);
  const loadBalancers = await capture(
    'elasticloadbalancing:DescribeLoadBalancers',
    async () => {
      const list = await collectPages(
        // The paginator names no page size for this API: PageSize goes in the input.
        paginateDescribeLoadBalancers(
          { client: clients.elbv2 },
          { PageSize: PAGE_SIZE.elbv2 },
          call,
        ),
        p => p.LoadBalancers,
      );
      const limit = pLimit(WAF_CONCURRENCY);
      return Promise.all(
        list
          .filter(lb => lb.LoadBalancerArn)
          .map(async (lb): Promise<LoadBalancer> => {
            const read: LoadBalancer = {
              loadBalancerArn: lb.LoadBalancerArn!,
              name: lb.LoadBalancerName ?? '',
              type: lb.Type ?? 'unknown',
              scheme: lb.Scheme ?? 'unknown',
              vpcId: lb.VpcId,
              dnsName: lb.DNSName,
              state: lb.State?.Code,
            };
            if (!isPublicApplication(read)) return read;
            const webAcl = await limit(() =>
              capture('wafv2:GetWebACLForResource', async () => {
                try {
                  const { WebACL } = await clients.wafv2.send(
                    new GetWebACLForResourceCommand({
                      ResourceArn: read.loadBalancerArn,
                    }),
                    call,
                  );
                  return WebACL?.ARN
                    ? { arn: WebACL.ARN, name: WebACL.Name ?? '' }
                    : null;
                } catch (error) {
                  // WAF answers this way too for a resource without a web ACL.
                  if (isErrorNamed(error, 'WAFNonexistentItemException')) {
                    return null;
                  }
                  throw error;
                }
              }),
            );
            return { ...read, webAcl };
          }),
      );
    },
  );
  return { loadBalancers };
}
