import {
  allowedRegions,
  guardrailsScp,
  makeAccount,
  makeContext,
  makeOrganization,
  prodOu,
  rootId,
  workloadsOu,
} from '../evaluate/fixtures';
import { defaultChecks, evaluateAccount } from '../evaluate';
import {
  applyPolicyChange,
  policyProblems,
  POLICY_MAX_CHARACTERS,
  PROPOSED_POLICY_ID,
  reachedAccounts,
  verdictChanges,
  type PolicyChange,
} from './policyChange';

const account = makeAccount();
const ids = new Set([account.account.id]);

/** The verdicts that change for the fixture account under `change`. */
function impact(change: PolicyChange) {
  const organization = makeOrganization();
  const before = evaluateAccount(
    defaultChecks,
    makeContext(account, { organization }),
  );
  const after = evaluateAccount(
    defaultChecks,
    makeContext(account, {
      organization: applyPolicyChange(organization, change, ids),
    }),
  );
  return verdictChanges(before, after).map(c => [c.checkId, c.before, c.after]);
}

describe('policy what-if', () => {
  it('shows the guardrails an account loses when the guardrail SCP is detached from the root', () => {
    expect(
      impact({ kind: 'detach', policyId: 'p-guardrails', targetId: rootId }),
    ).toEqual(
      expect.arrayContaining([
        ['scp-deny-leave-organization', 'pass', 'fail'],
        ['scp-protect-cloudtrail', 'pass', 'fail'],
        ['scp-region-allow-list', 'pass', 'fail'],
        ['scp-deny-root-user', 'pass', 'fail'],
      ]),
    );
  });

  it('shows an allowed region blocked when it is removed from the allow-list', () => {
    const edited = JSON.parse(guardrailsScp().content);
    const regions = edited.Statement.find(
      (s: { Sid: string }) => s.Sid === 'DenyOutsideAllowedRegions',
    );
    regions.Condition.StringNotEquals['aws:RequestedRegion'] =
      allowedRegions.slice(1);
    const changes = impact({
      kind: 'edit',
      policyId: 'p-guardrails',
      content: JSON.stringify(edited),
    });
    expect(changes).toEqual([['scp-region-allow-list', 'pass', 'fail']]);
  });

  it('changes nothing for an edit that keeps the policy’s meaning', () => {
    const same = JSON.stringify(JSON.parse(guardrailsScp().content), null, 2);
    expect(
      impact({ kind: 'edit', policyId: 'p-guardrails', content: same }),
    ).toEqual([]);
  });

  it('attaches a new policy to one target and reaches only the accounts below it', () => {
    const change: PolicyChange = {
      kind: 'attach-new',
      policyType: 'SCP',
      name: 'deny-everything',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
      }),
      targetId: prodOu,
    };
    const organization = makeOrganization();
    const changed = applyPolicyChange(organization, change, ids);
    expect(changed.policies.at(-1)).toMatchObject({
      id: PROPOSED_POLICY_ID,
      targets: [prodOu],
    });
    expect(organization.policies.some(p => p.id === PROPOSED_POLICY_ID)).toBe(
      false,
    );
    const elsewhere = { id: '222233334444', parentIds: [rootId, workloadsOu] };
    expect(
      reachedAccounts(organization, change, [account.account, elsewhere]).map(
        a => a.id,
      ),
    ).toEqual([account.account.id]);
    // Denying everything also denies the regions the organisation allows.
    expect(impact(change)).toEqual(
      expect.arrayContaining([['scp-region-allow-list', 'pass', 'fail']]),
    );
  });

  it('refuses a change naming a policy or target the organisation does not have', () => {
    const organization = makeOrganization();
    expect(() =>
      applyPolicyChange(
        organization,
        { kind: 'edit', policyId: 'p-nope', content: '{}' },
        ids,
      ),
    ).toThrow('No SCP or RCP p-nope');
    expect(() =>
      applyPolicyChange(
        organization,
        { kind: 'detach', policyId: 'p-guardrails', targetId: prodOu },
        ids,
      ),
    ).toThrow(`is not attached to ${prodOu}`);
    expect(() =>
      applyPolicyChange(
        organization,
        {
          kind: 'attach-new',
          policyType: 'RCP',
          name: 'x',
          content: '{}',
          targetId: 'ou-nope',
        },
        ids,
      ),
    ).toThrow('No root, OU or account ou-nope in the organisation');
  });
});

describe('policyProblems', () => {
  it('says where a document is not JSON', () => {
    const [problem] = policyProblems(
      '{\n  "Version": "2012-10-17",\n  "Statement": [}\n',
    );
    expect(problem).toEqual({
      message: 'Not valid JSON at line 3, column 17: expected a value',
      line: 3,
      column: 17,
    });
    expect(policyProblems('{"Version": "2012-10-17",}')).toEqual([
      {
        message:
          'Not valid JSON at line 1, column 26: expected a property name in double quotes',
        line: 1,
        column: 26,
      },
    ]);
    expect(policyProblems('{"Version": "2012')[0]).toMatchObject({
      line: 1,
      column: 18,
      message: expect.stringContaining('a closing quote'),
    });
    expect(policyProblems('{} {}')[0].message).toMatch(
      /column 4: expected the end of the document/,
    );
  });

  it('refuses a document over the size quota, counted without white space', () => {
    const statement = {
      Effect: 'Deny',
      Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`),
      Resource: '*',
    };
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [statement],
    });
    expect(big.length).toBeGreaterThan(POLICY_MAX_CHARACTERS);
    expect(policyProblems(big).map(p => p.message)).toEqual([
      `The policy has ${big.length} characters without white space; Organizations allows at most ${POLICY_MAX_CHARACTERS}`,
    ]);
    // White space alone does not count.
    const small = {
      Version: '2012-10-17',
      Statement: [{ ...statement, Action: 'ec2:*' }],
    };
    expect(policyProblems(JSON.stringify(small, null, 2000))).toEqual([]);
  });

  it('names a condition operator or element it cannot evaluate', () => {
    const problems = policyProblems(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { StringSortOf: { 'aws:RequestedRegion': 'x' } },
          },
        ],
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/StringSortOf/);
  });

  it('points at the operator, element or statement a problem names', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    { "Effect": "Deny", "Action": "*", "Resource": "*" },',
      '    {',
      '      "Effect": "Deny",',
      '      "Action": "*",',
      '      "Condition": {',
      '        "StringEqualsFoo": { "aws:RequestedRegion": "eu-west-1" }',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    expect(policyProblems(text)).toEqual([
      {
        message: 'Unsupported condition operator StringEqualsFoo',
        line: 9,
        column: 9,
      },
    ]);
    const badEffect = text.replace(
      '"Effect": "Deny",\n',
      '"Effect": "Maybe",\n',
    );
    expect(policyProblems(badEffect)).toEqual([
      {
        message: 'Statement 1: Effect must be Allow or Deny',
        line: 6,
        column: 7,
      },
    ]);
    const noAction = text.replace('      "Action": "*",\n', '');
    expect(policyProblems(noAction)).toEqual([
      {
        message: 'Statement 1 must have exactly one of Action and NotAction',
        line: 5,
        column: 5,
      },
    ]);
    const notJudged = JSON.stringify({ Statement: 'nope' });
    expect(policyProblems(notJudged)).toEqual([
      { message: 'Statement 0 must be an object', line: 1, column: 2 },
    ]);
  });
});
