import type { PolicyWhatIfResult } from '@internal/plugin-landing-zone-common';
import {
  describeRequest,
  MAX_REQUESTS,
  MAX_VERDICTS,
  policyImpactMarkdown,
} from './policyImpactMarkdown';

const id = (n: number) => String(100000000000 + n);

describe('policyImpactMarkdown', () => {
  it('says plainly when nothing changes', () => {
    expect(
      policyImpactMarkdown({
        problems: [],
        reached: 37,
        accounts: [],
        requests: [],
        accountNames: {},
      }),
    ).toBe(
      [
        '### Impact on the organisation',
        '',
        'The Landing Zone Portal judged this change on its last scan: it reaches 37 active accounts.',
        '',
        'No verdict changes: no guardrail verdict and no sample request turns around in the 37 accounts it reaches.',
      ].join('\n'),
    );
  });

  it('lists the requests that turn around with counts and the first names, and the verdicts before and after', () => {
    const names = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [id(i), `account-${i}`]),
    );
    const markdown = policyImpactMarkdown({
      problems: [],
      reached: 8,
      accounts: [
        {
          accountId: id(1),
          name: 'account-1',
          changes: [
            {
              checkId: 'rcp-resources-org-only',
              before: 'pass',
              after: 'fail',
              evidence: [
                {
                  region: 'eu-west-1',
                  message:
                    's3:GetObject on arn:aws:s3:::example/x by a principal outside the organisation | is not denied by any RCP',
                },
              ],
            },
          ],
        },
      ],
      requests: [
        {
          action: 's3:GetObject',
          region: 'eu-west-1',
          principal: 'outside-organization',
          secureTransport: true,
          policyTypes: ['RCP'],
          becameDenied: [],
          becameAllowed: Object.keys(names).reverse(),
        },
      ],
      accountNames: names,
    });
    expect(markdown.split('\n')).toEqual([
      '### Impact on the organisation',
      '',
      'The Landing Zone Portal judged this change on its last scan: it reaches 8 active accounts.',
      '',
      '#### Requests that change',
      '',
      '| Request | Becomes | Accounts |',
      '|---|---|---|',
      '| `s3:GetObject` in eu-west-1, from outside the organisation, on a resource of the account | **allowed** | 8: account-0, account-1, account-2, account-3, account-4, and 3 more |',
      '',
      '#### Guardrail verdicts that change',
      '',
      '1 account would have a guardrail verdict turned around.',
      '',
      '| Guardrail | Before → after | Accounts | For example |',
      '|---|---|---|---|',
      // The guardrail by its title; a | in evidence cannot break the table.
      '| Resources are closed to principals outside the organization | pass → **fail** | 1: account-1 | account-1, eu-west-1: s3:GetObject on arn:aws:s3:::example/x by a principal outside the organisation \\| is not denied by any RCP |',
    ]);
  });

  it('stays bounded however many accounts and requests change', () => {
    const many = Array.from({ length: 5000 }, (_, i) => id(i));
    const names = Object.fromEntries(
      many.map(a => [a, `a-very-long-account-name-of-fifty-characters-${a}`]),
    );
    const result: PolicyWhatIfResult = {
      problems: [],
      reached: many.length,
      accounts: many.map(accountId => ({
        accountId,
        name: names[accountId],
        changes: Array.from({ length: 30 }, (_, c) => ({
          checkId: `check-${c}`,
          before: 'pass' as const,
          after: 'fail' as const,
          evidence: [{ message: 'x'.repeat(2000) }],
        })),
      })),
      requests: Array.from({ length: 200 }, (_, r) => ({
        action: `service:Action${r}`,
        region: 'eu-west-1',
        becameDenied: many,
        becameAllowed: many,
      })),
      accountNames: names,
    };
    const markdown = policyImpactMarkdown(result);
    expect(markdown.length).toBeLessThan(25_000);
    expect(markdown).toContain('and 4,995 more');
    expect(markdown).toContain(
      `And ${200 - MAX_REQUESTS} more requests that change.`,
    );
    expect(markdown).toContain(
      `And ${30 - MAX_VERDICTS} more guardrail changes.`,
    );
    expect(markdown).toContain(
      '5,000 accounts would have a guardrail verdict turned around.',
    );
  });

  it('describes who makes each request', () => {
    const base = { region: 'eu-west-1', becameDenied: [], becameAllowed: [] };
    expect(describeRequest({ ...base, action: 'ec2:RunInstances' })).toBe(
      '`ec2:RunInstances` in eu-west-1, by a role of the account',
    );
    expect(
      describeRequest({
        ...base,
        action: 'kms:Decrypt',
        principal: 'account-role',
        secureTransport: false,
        policyTypes: ['SCP', 'RCP'],
      }),
    ).toBe(
      '`kms:Decrypt` in eu-west-1, by a role of the account, on one of its resources, without TLS',
    );
  });
});
