import type { LoadBalancer } from '../../org/types';
import { AwsError } from '../errors';
import { QUERY_SERVICE_ERRORS } from './queryErrors';
import { page, type PageRules } from '../paging';
import type { QueryHandler, QueryService } from '../types';
import { el, list, node } from '../xml';

// PageSize 1–400; an unknown Marker is a ValidationError.
const PAGING: PageRules = {
  min: 1,
  max: 400,
  invalidToken: () =>
    new AwsError('ValidationError', 'The marker you provided is not valid.'),
  invalidSize: message => new AwsError('ValidationError', message),
};

/** ELB's canonical hosted zone per region (for DNS aliases); a stand-in elsewhere. */
const HOSTED_ZONES: Record<string, string> = {
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-west-2': 'Z1H1FL5HABSF5',
};

function renderLoadBalancer(lb: LoadBalancer, region: string): string {
  return (
    el('LoadBalancerArn', lb.arn) +
    el('DNSName', lb.dnsName) +
    el('CanonicalHostedZoneId', HOSTED_ZONES[region] ?? 'Z00000000SANDBOX') +
    el('CreatedTime', lb.createdAt) +
    el('LoadBalancerName', lb.name) +
    el('Scheme', lb.scheme) +
    el('VpcId', lb.vpcId) +
    node('State', el('Code', 'active')) +
    el('Type', lb.type) +
    list(
      'AvailabilityZones',
      'member',
      lb.subnetIds,
      (id, i = lb.subnetIds.indexOf(id)) =>
        el('ZoneName', `${region}${'abcd'[i % 4]}`) + el('SubnetId', id),
    ) +
    el('IpAddressType', 'ipv4')
  );
}

const operations: Record<string, QueryHandler> = {
  DescribeLoadBalancers: (ctx, params) => {
    const all = ctx.index.region(
      ctx.caller.accountId,
      ctx.region,
    ).loadBalancers;
    const arns = params.list('LoadBalancerArns.member');
    const names = params.list('Names.member');
    if (arns.length && names.length) {
      throw new AwsError(
        'ValidationError',
        'Load balancer names and load balancer ARNs cannot be specified at the same time',
      );
    }
    let selected = all;
    for (const [wanted, pick] of [
      [arns, (lb: LoadBalancer) => lb.arn],
      [names, (lb: LoadBalancer) => lb.name],
    ] as const) {
      if (!wanted.length) continue;
      const missing = wanted.filter(w => !all.some(lb => pick(lb) === w));
      if (missing.length) {
        throw new AwsError(
          'LoadBalancerNotFound',
          `One or more load balancers not found`,
        );
      }
      selected = all.filter(lb => wanted.includes(pick(lb)));
    }
    const result = page(
      selected,
      {
        scope: `elbv2|DescribeLoadBalancers|${ctx.caller.accountId}|${
          ctx.region
        }|${arns.join(',')}|${names.join(',')}`,
        token: params.get('Marker'),
        size: params.int('PageSize'),
        defaultSize: ctx.faults.pageSize,
      },
      PAGING,
    );
    return (
      list('LoadBalancers', 'member', result.items, lb =>
        renderLoadBalancer(lb, ctx.region),
      ) + el('NextMarker', result.nextToken)
    );
  },
};

/** Elastic Load Balancing v2: awsQuery, regional. */
export const elbv2Service: QueryService = {
  name: 'elasticloadbalancing',
  protocol: 'awsQuery',
  signingNames: ['elasticloadbalancing'],
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  ...QUERY_SERVICE_ERRORS,
  operations,
};
