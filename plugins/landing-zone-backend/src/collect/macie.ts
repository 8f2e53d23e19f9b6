import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import type { RegionFacts } from '@internal/plugin-landing-zone-common';
import { callOptions, capture, isErrorNamed } from './errors';

/**
 * Whether an error is Macie's answer for a region where it is not enabled:
 * `AccessDeniedException` saying so. Any other denial is an error.
 */
export function isMacieNotEnabled(error: unknown): boolean {
  return (
    isErrorNamed(error, 'AccessDeniedException') &&
    /macie is not enabled/i.test((error as Error).message)
  );
}

/** Reads whether Macie is enabled in one account-region; the call ends with `signal`. */
export async function readMacie(
  client: Macie2Client,
  signal?: AbortSignal,
): Promise<Required<Pick<RegionFacts, 'macie'>>> {
  const macie = await capture('macie2:GetMacieSession', async () => {
    try {
      const { status } = await client.send(
        new GetMacieSessionCommand({}),
        callOptions(signal),
      );
      return { status: status ?? 'UNKNOWN' };
    } catch (error) {
      // Not enabled is a fact (Macie is off there), not a failure.
      if (isMacieNotEnabled(error)) return { status: 'DISABLED' };
      throw error;
    }
  });
  return { macie };
}
