import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { PolicyWhatIfResult } from '@internal/plugin-landing-zone-common';
import { fakeVending, responseError } from '../__testUtils__/fakeVending';
import { createPolicyWhatIfAction } from './policyWhatIf';

const edit = {
  kind: 'edit' as const,
  policyId: 'p-regionallow',
  content: '{"Version":"2012-10-17","Statement":[]}',
};

const impact: PolicyWhatIfResult = {
  problems: [],
  reached: 3,
  accounts: [
    {
      accountId: '914736720336',
      name: 'payments-prod',
      changes: [
        {
          checkId: 'scp-region-allow-list',
          before: 'pass',
          after: 'fail',
          evidence: [
            {
              message:
                'Allowed region blocked: ec2:RunInstances in us-west-2 is denied by region-allow-list at ou-f1nt-w0rkl0ad',
            },
          ],
        },
      ],
    },
  ],
  requests: [
    {
      action: 'ec2:RunInstances',
      region: 'us-west-2',
      principal: 'account-role',
      secureTransport: true,
      policyTypes: ['SCP'],
      becameDenied: ['914736720336', '756163449514'],
      becameAllowed: [],
    },
  ],
  accountNames: {
    '914736720336': 'payments-prod',
    '756163449514': 'cards-prod',
  },
};

function run(
  whatIfPolicy: () => Promise<PolicyWhatIfResult>,
  change: object = edit,
) {
  const vending = fakeVending({ whatIfPolicy: jest.fn(whatIfPolicy) });
  const ctx = createMockActionContext({ input: { change } });
  return {
    vending,
    ctx,
    outputs: () => Object.fromEntries((ctx.output as jest.Mock).mock.calls),
    done: createPolicyWhatIfAction({ vending }).handler(ctx as any),
  };
}

describe('landing-zone:policy:what-if', () => {
  it('outputs the counts, the impact as Markdown and the document as a repository keeps it', async () => {
    const { done, vending, outputs } = run(async () => impact);
    await done;
    expect(vending.whatIfPolicy).toHaveBeenCalledWith(edit);
    const output = outputs();
    expect(output).toEqual({
      problems: [],
      reached: 3,
      accountsChanged: 1,
      requestsChanged: 1,
      markdown: expect.any(String),
      document: '{\n  "Version": "2012-10-17",\n  "Statement": []\n}',
    });
    expect(output.markdown).toContain(
      '| `ec2:RunInstances` in us-west-2, by a role of the account | **denied** | 2: cards-prod, payments-prod |',
    );
    expect(output.markdown).toContain('pass → **fail**');
  });

  it('has no document for a detach', async () => {
    const detach = {
      kind: 'detach',
      policyId: 'p-regionallow',
      targetId: 'ou-f1nt-sandb0x0',
    };
    const { done, outputs, vending } = run(
      async () => ({ ...impact, accounts: [], requests: [] }),
      detach,
    );
    await done;
    expect(vending.whatIfPolicy).toHaveBeenCalledWith(detach);
    expect(outputs().document).toBeUndefined();
    expect(outputs().markdown).toContain('No verdict changes');
  });

  it('fails on a document with problems, saying where each is', async () => {
    const problems = [
      {
        message: 'Not valid JSON at line 3, column 7: expected a value',
        line: 3,
        column: 7,
      },
      { message: 'The policy has 6000 characters without white space' },
    ];
    const { done, outputs } = run(async () => ({ problems }));
    await expect(done).rejects.toEqual(
      new InputError(
        'change.content: the policy document has 2 problems: line 3, column 7: Not valid JSON at line 3, column 7: expected a value; The policy has 6000 characters without white space',
      ),
    );
    expect(outputs()).toEqual({ problems });
  });

  it('names a policy the organisation does not have', async () => {
    const { done } = run(async () => {
      throw await responseError(400, 'InputError', 'No SCP or RCP p-nope');
    });
    await expect(done).rejects.toEqual(
      new InputError(
        'change: No SCP or RCP p-nope. Pick the policy and target with the policy editor, or run again after the next scan if they are new',
      ),
    );
  });

  it('passes on what is not about the input', async () => {
    const { done } = run(async () => {
      throw await responseError(
        500,
        'Error',
        'The organisation has not been scanned yet',
      );
    });
    await expect(done).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { message: 'The organisation has not been scanned yet' } },
    });
  });
});
