import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';

/**
 * An account's details and the guardrail catalogue with the organisation's
 * configuration of it, loaded together.
 */
export function useAccount(accountId: string | undefined) {
  const api = useApi(landingZoneApiRef);
  return useAsyncRetry(async () => {
    if (!accountId) return undefined;
    const [details, guardrails] = await Promise.all([
      api.getAccount(accountId),
      api.listGuardrails(),
    ]);
    return {
      details,
      guardrails: guardrails.items,
      configuration: guardrails.configuration,
    };
  }, [api, accountId]);
}
