import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { AccountNetwork } from '@internal/plugin-landing-zone-common';
import { fakeVending, responseError } from '../__testUtils__/fakeVending';
import { createAccountNetworkAction } from './accountNetwork';

const network: AccountNetwork = {
  accountId: '100000000001',
  accountName: 'payments-prod',
  environment: 'prod',
  region: 'eu-west-1',
  vpcId: 'vpc-0a0000000000000a1',
  vpcName: 'payments',
  vpcCidr: '10.64.0.0/16',
  privateSubnetIds: ['subnet-priv-a', 'subnet-priv-b'],
  publicSubnetIds: ['subnet-pub-a'],
  isolatedSubnetIds: ['subnet-iso-a'],
  compliance: 'compliant',
  compliant: true,
  failingGuardrails: [],
};

const run = (answer: AccountNetwork | undefined, input: object) => {
  const vending = fakeVending({
    getAccountNetwork: jest.fn(async () => answer),
  });
  const ctx = createMockActionContext({
    input: { accountId: '100000000001', ...input },
  });
  return {
    vending,
    ctx,
    done: createAccountNetworkAction({ vending }).handler(ctx),
  };
};

describe('landing-zone:account:network', () => {
  it("outputs the account's VPC and subnets by tier", async () => {
    const { ctx, done, vending } = run(network, { region: 'eu-west-1' });
    await done;
    expect(vending.getAccountNetwork).toHaveBeenCalledWith('100000000001', {
      region: 'eu-west-1',
      vpcId: undefined,
    });
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      accountId: '100000000001',
      accountName: 'payments-prod',
      environment: 'prod',
      region: 'eu-west-1',
      vpcId: 'vpc-0a0000000000000a1',
      vpcCidr: '10.64.0.0/16',
      privateSubnetIds: ['subnet-priv-a', 'subnet-priv-b'],
      publicSubnetIds: ['subnet-pub-a'],
      isolatedSubnetIds: ['subnet-iso-a'],
      compliant: true,
    });
  });

  it('refuses a prod account that fails guardrails, naming them', async () => {
    const failing = {
      ...network,
      compliance: 'non-compliant' as const,
      compliant: false,
      failingGuardrails: [
        { checkId: 'guardduty-enabled', title: 'GuardDuty is enabled' },
        { checkId: 'vpc-flow-logs', title: 'VPC flow logs' },
      ],
    };
    await expect(run(failing, {}).done).rejects.toEqual(
      new InputError(
        "accountId: payments-prod (100000000001) is a prod account and fails 2 guardrails: GuardDuty is enabled, VPC flow logs. A prod stack goes only into a compliant account: fix the guardrails (the account's Guardrails tab says how) and run again after the next scan",
      ),
    );
    // Prod by the input, though the inventory says otherwise.
    const staging = { ...failing, environment: 'non-prod' };
    await expect(run(staging, { environment: 'prod' }).done).rejects.toThrow(
      /is a prod account and fails 2 guardrails/,
    );
    // Not prod: the stack may go there, and the output says it is not compliant.
    const { ctx, done } = run(staging, { environment: 'qa' });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('compliant', false);
    expect(ctx.output).toHaveBeenCalledWith('environment', 'qa');
  });

  it('refuses a prod account whose guardrails could not all be judged', async () => {
    const unknown = {
      ...network,
      compliance: 'unknown' as const,
      compliant: false,
    };
    await expect(run(unknown, {}).done).rejects.toThrow(
      'is a prod account and does not pass every guardrail (its compliance is unknown: some could not be judged)',
    );
  });

  it('refuses an unknown account, a malformed id and a region without a VPC', async () => {
    await expect(run(undefined, {}).done).rejects.toEqual(
      new InputError(
        'accountId: there is no account 100000000001 in the landing-zone inventory; pick one with the account picker, or wait for the next scan if it is new',
      ),
    );
    await expect(run(network, { accountId: '1234' }).done).rejects.toThrow(
      "accountId: '1234' is not a 12-digit AWS account id",
    );
    const message =
      'region: account 100000000001 (payments-prod) has no VPC in us-east-1 as last scanned: it has VPCs in eu-west-1; pass one of those as region';
    const vending = fakeVending({
      getAccountNetwork: jest.fn(async () => {
        throw await responseError(400, 'InputError', message);
      }),
    });
    await expect(
      createAccountNetworkAction({ vending }).handler(
        createMockActionContext({
          input: { accountId: '100000000001', region: 'us-east-1' },
        }),
      ),
    ).rejects.toEqual(new InputError(message));
  });
});
