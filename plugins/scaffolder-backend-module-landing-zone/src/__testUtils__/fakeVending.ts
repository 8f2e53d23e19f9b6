import { ResponseError } from '@backstage/errors';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';

/** A vending service whose methods fail unless a test gives them an answer. */
export function fakeVending(
  overrides: Partial<LandingZoneVendingService> = {},
): jest.Mocked<LandingZoneVendingService> {
  const unexpected = () =>
    jest.fn(() => Promise.reject(new Error('unexpected call')));
  return {
    validateAccountRequest: unexpected(),
    getAllowedRegions: unexpected(),
    checkAvailability: unexpected(),
    listCidrPools: unexpected(),
    allocateCidr: unexpected(),
    getCidrAllocation: unexpected(),
    registerAccountRequest: unexpected(),
    listAccountRequests: unexpected(),
    getAccountRequest: unexpected(),
    getAccountNetwork: unexpected(),
    whatIfPolicy: unexpected(),
    ...overrides,
  } as jest.Mocked<LandingZoneVendingService>;
}

/** The error the typed client throws when the backend answers `status`. */
export function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'POST', url: '/api/landing-zone' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
