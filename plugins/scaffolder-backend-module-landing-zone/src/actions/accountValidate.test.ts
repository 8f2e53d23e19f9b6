import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { AccountRequestValidation } from '@internal/plugin-landing-zone-common';
import { fakeVending, responseError } from '../__testUtils__/fakeVending';
import { createAccountValidateAction } from './accountValidate';

const input = {
  accountName: 'payments-dev',
  email: 'aws+payments-dev@example.com',
  ouId: 'ou-f1nt-qa000000',
  environment: 'qa' as const,
  regions: ['eu-west-1'],
};

const passed: AccountRequestValidation = {
  valid: true,
  problems: [],
  organizationalUnit: {
    id: 'ou-f1nt-qa000000',
    name: 'QA',
    path: 'Root/Workloads/QA',
    managedOrganizationalUnit: 'QA (ou-f1nt-qa000000)',
    suspended: false,
  },
  allowedRegions: ['eu-west-1', 'eu-central-1'],
  slug: 'payments-dev',
  ownerTag: 'owner',
};

describe('landing-zone:account:validate', () => {
  it('outputs the OU as AFT names it and the regions its SCPs allow', async () => {
    const vending = fakeVending({
      validateAccountRequest: jest.fn(async () => passed),
    });
    const ctx = createMockActionContext({ input });
    await createAccountValidateAction({ vending }).handler(ctx);
    expect(vending.validateAccountRequest).toHaveBeenCalledWith(input);
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      ouId: 'ou-f1nt-qa000000',
      ouName: 'QA',
      ouPath: 'Root/Workloads/QA',
      managedOrganizationalUnit: 'QA (ou-f1nt-qa000000)',
      allowedRegions: ['eu-west-1', 'eu-central-1'],
      slug: 'payments-dev',
      ownerTag: 'owner',
    });
  });

  it('throws every problem in one InputError, a line per problem', async () => {
    const vending = fakeVending({
      validateAccountRequest: jest.fn(async () => ({
        ...passed,
        valid: false,
        problems: [
          { field: 'accountName' as const, message: 'must not be empty' },
          { field: 'regions' as const, message: 'us-east-1 is denied' },
        ],
      })),
    });
    const ctx = createMockActionContext({ input });
    const error = await createAccountValidateAction({ vending })
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'accountName: must not be empty\nregions: us-east-1 is denied',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("passes on the backend's word on malformed input as an InputError", async () => {
    const vending = fakeVending({
      validateAccountRequest: jest.fn(async () => {
        throw await responseError(
          400,
          'InputError',
          "Invalid request: environment: Invalid enum value. Expected 'prod' | 'stage' | 'qa' | 'sandbox', received 'dev'",
        );
      }),
    });
    const ctx = createMockActionContext({
      input: { ...input, environment: 'dev' as 'qa' },
    });
    await expect(
      createAccountValidateAction({ vending }).handler(ctx),
    ).rejects.toEqual(
      new InputError(
        "environment: Invalid enum value. Expected 'prod' | 'stage' | 'qa' | 'sandbox', received 'dev'",
      ),
    );
  });

  it('lets a backend failure through as it is', async () => {
    const vending = fakeVending({
      validateAccountRequest: jest.fn(async () => {
        throw await responseError(503, 'ServiceUnavailableError', 'down');
      }),
    });
    await expect(
      createAccountValidateAction({ vending }).handler(
        createMockActionContext({ input }),
      ),
    ).rejects.toMatchObject({ name: 'ResponseError' });
  });
});
