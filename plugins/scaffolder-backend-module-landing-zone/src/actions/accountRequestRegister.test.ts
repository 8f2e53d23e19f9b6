import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { fakeVending, responseError } from '../__testUtils__/fakeVending';
import { createAccountRequestRegisterAction } from './accountRequestRegister';

const input = {
  accountName: 'payments-dev',
  email: 'aws+payments-dev@example.com',
  ouId: 'ou-f1nt-qa000000',
  environment: 'qa' as const,
  regions: ['eu-west-1'],
  monthlyBudgetUsd: 500,
  allocationId: 'a-1',
  pullRequestUrl: 'https://github.com/acme/infrastructure/pull/7',
};

const registered = {
  request: { id: 'r-1', cidr: '10.128.0.0/20' },
  requestUrl: 'https://portal.example.com/landing-zone/requests/r-1',
} as Awaited<
  ReturnType<ReturnType<typeof fakeVending>['registerAccountRequest']>
>;

describe('landing-zone:account-request:register', () => {
  it("registers the request as the template's user and outputs its page", async () => {
    const vending = fakeVending({
      registerAccountRequest: jest.fn(async () => registered),
    });
    const ctx = createMockActionContext({
      input,
      user: { ref: 'user:default/pat-payments' },
    });
    await createAccountRequestRegisterAction({ vending }).handler(ctx);
    expect(vending.registerAccountRequest).toHaveBeenCalledWith({
      ...input,
      requestedBy: 'user:default/pat-payments',
    });
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      requestId: 'r-1',
      requestUrl: 'https://portal.example.com/landing-zone/requests/r-1',
      cidr: '10.128.0.0/20',
    });
  });

  it('takes an empty allocation id (no VPC) as none', async () => {
    const vending = fakeVending({
      registerAccountRequest: jest.fn(async () => registered),
    });
    await createAccountRequestRegisterAction({ vending }).handler(
      createMockActionContext({
        input: { ...input, allocationId: '', requestedBy: 'user:default/sam' },
      }),
    );
    expect(vending.registerAccountRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        allocationId: undefined,
        requestedBy: 'user:default/sam',
      }),
    );
  });

  it('turns a duplicate request (409) into an InputError naming the field', async () => {
    const message =
      "email: account request r-0 (https://github.com/acme/infrastructure/pull/3) for 'payments-dev' is still open with the same email; close this pull request and choose another";
    const vending = fakeVending({
      registerAccountRequest: jest.fn(async () => {
        throw await responseError(409, 'ConflictError', message);
      }),
    });
    await expect(
      createAccountRequestRegisterAction({ vending }).handler(
        createMockActionContext({ input }),
      ),
    ).rejects.toEqual(new InputError(message));
  });
});
