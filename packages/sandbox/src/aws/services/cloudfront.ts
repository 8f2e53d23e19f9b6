import type { CloudFrontDistribution } from '../../org/types';
import { callerAccount } from '../context';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { RestService } from '../types';
import { el, escapeXml, node } from '../xml';

const NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

const PAGING: PageRules = {
  min: 1,
  max: 1000,
  invalidToken: () =>
    new AwsError('InvalidArgument', 'The marker is not valid.'),
  invalidSize: message => new AwsError('InvalidArgument', message),
};

/** CloudFront's `<Quantity>` + `<Items>` list. */
function items<T>(member: string, values: T[], render: (v: T) => string) {
  return (
    el('Quantity', values.length) +
    (values.length
      ? node('Items', ...values.map(v => `<${member}>${render(v)}</${member}>`))
      : '')
  );
}

function renderSummary(d: CloudFrontDistribution): string {
  const originId = `origin-${d.id}`;
  return (
    el('Id', d.id) +
    el('ARN', d.arn) +
    el('Status', 'Deployed') +
    el('LastModifiedTime', d.lastModified) +
    el('DomainName', d.domainName) +
    node('Aliases', items('CNAME', d.aliases, escapeXml)) +
    node(
      'Origins',
      items(
        'Origin',
        [d],
        x =>
          el('Id', originId) +
          el('DomainName', x.originDomainName) +
          el('OriginPath', '') +
          node('CustomHeaders', el('Quantity', 0)) +
          node(
            'CustomOriginConfig',
            el('HTTPPort', 80) +
              el('HTTPSPort', 443) +
              el('OriginProtocolPolicy', 'https-only'),
          ),
      ),
    ) +
    node(
      'DefaultCacheBehavior',
      el('TargetOriginId', originId) +
        el('ViewerProtocolPolicy', 'redirect-to-https') +
        el('Compress', true) +
        el('CachePolicyId', '658327ea-f89d-4fab-a63d-7e88639e58f6'),
    ) +
    node('CacheBehaviors', el('Quantity', 0)) +
    node('CustomErrorResponses', el('Quantity', 0)) +
    el('Comment', d.aliases[0] ?? '') +
    el('PriceClass', 'PriceClass_All') +
    el('Enabled', d.enabled) +
    node(
      'ViewerCertificate',
      el('CloudFrontDefaultCertificate', false) +
        el('SSLSupportMethod', 'sni-only') +
        el('MinimumProtocolVersion', 'TLSv1.2_2021'),
    ) +
    node(
      'Restrictions',
      node('GeoRestriction', el('RestrictionType', 'none') + el('Quantity', 0)),
    ) +
    // CloudFront answers an empty WebACLId when no web ACL is associated.
    el('WebACLId', d.webAclId ?? '') +
    el('HttpVersion', 'http2') +
    el('IsIPV6Enabled', true) +
    el('Staging', false)
  );
}

/** Amazon CloudFront: restXml, global (signed in us-east-1). */
export const cloudFrontService: RestService = {
  name: 'cloudfront',
  protocol: 'restXml',
  signingNames: ['cloudfront'],
  pathPrefixes: ['/2020-05-31'],
  errorMessageKey: 'Message',
  xmlNamespace: NAMESPACE,
  throttling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  serverError: {
    code: 'ServiceUnavailable',
    status: 503,
    message: 'CloudFront is temporarily unavailable.',
  },
  routes: [
    {
      method: 'GET',
      path: '/2020-05-31/distribution',
      operation: 'ListDistributions',
      handler: (ctx, request) => {
        const account = callerAccount(ctx);
        const max = request.query.get('MaxItems');
        const marker = request.query.get('Marker') ?? '';
        const result = page(
          account.distributions,
          {
            scope: `cloudfront|ListDistributions|${account.id}`,
            token: marker,
            size: max === null ? undefined : Number(max),
            defaultSize: ctx.faults.pageSize,
          },
          PAGING,
        );
        const body =
          el('Marker', marker) +
          el('NextMarker', result.nextToken) +
          el('MaxItems', max ?? Math.min(ctx.faults.pageSize, PAGING.max)) +
          el('IsTruncated', result.nextToken !== undefined) +
          items('DistributionSummary', result.items, renderSummary);
        return {
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<DistributionList xmlns="${NAMESPACE}">${body}</DistributionList>`,
        };
      },
    },
  ],
};
