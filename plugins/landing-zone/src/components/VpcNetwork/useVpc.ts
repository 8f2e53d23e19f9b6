import { useApi } from '@backstage/frontend-plugin-api';
import type { VpcSummary } from '@internal/plugin-landing-zone-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';

/** One VPC, found among its account's VPCs (an account has few). */
export function useVpc(accountId?: string, vpcId?: string) {
  const api = useApi(landingZoneApiRef);
  return useAsyncRetry(async (): Promise<VpcSummary | undefined> => {
    if (!accountId || !vpcId) return undefined;
    let cursor: string | undefined;
    do {
      const page = await api.listVpcs({ accountId, limit: 500, cursor });
      const found = page.items.find(v => v.vpcId === vpcId);
      if (found) return found;
      cursor = page.nextCursor;
    } while (cursor);
    return undefined;
  }, [api, accountId, vpcId]);
}
