import {
  CloudFrontClient,
  paginateListDistributions,
} from '@aws-sdk/client-cloudfront';
import type { GlobalFacts } from '@internal/plugin-landing-zone-common';
import { callOptions, capture, collectPages } from './errors';
import { PAGE_SIZE } from './pageSizes';

/**
 * Reads the account's CloudFront distributions (a global service) with the
 * web ACL of each; the calls end with `signal`.
 */
export async function readCloudFrontDistributions(
  client: CloudFrontClient,
  signal?: AbortSignal,
): Promise<Required<Pick<GlobalFacts, 'cloudFrontDistributions'>>> {
  const cloudFrontDistributions = await capture(
    'cloudfront:ListDistributions',
    async () => {
      const list = await collectPages(
        paginateListDistributions(
          { client, pageSize: PAGE_SIZE.cloudfront },
          {},
          callOptions(signal),
        ),
        p => p.DistributionList?.Items,
      );
      return list
        .filter(d => d.Id)
        .map(d => ({
          id: d.Id!,
          arn: d.ARN ?? '',
          domainName: d.DomainName ?? '',
          aliases: d.Aliases?.Items ?? [],
          enabled: d.Enabled ?? false,
          status: d.Status,
          // CloudFront says "no web ACL" with an empty id.
          webAclId: d.WebACLId || undefined,
        }));
    },
  );
  return { cloudFrontDistributions };
}
