/*
 * Helpers shared by the policy tests.
 */

import {
  evaluateScps,
  statementApplies,
  type ScpDecision,
  type ScpPolicy,
} from './evaluate';
import { parsePolicy } from './parse';
import type { ContextValue } from './types';

/** Whether a one-condition statement applies to a request with `context`. */
export function holds(
  operator: string,
  key: string,
  values: unknown,
  context: Record<string, ContextValue>,
  version = '2012-10-17',
): boolean {
  const policy = parsePolicy({
    Version: version,
    Statement: {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { [operator]: { [key]: values } },
    },
  });
  return statementApplies(
    policy.statements[0],
    { action: 'ec2:RunInstances', context },
    policy.variables,
  );
}

export const account = '111122223333';
export const developer = `arn:aws:iam::${account}:role/SomeDeveloperRole`;

const fullAwsAccess: ScpPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  content:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
};

/** Decides a request with FullAWSAccess at the root and `example` on the account. */
export function decide(
  example: object,
  action: string,
  context: Record<string, ContextValue> = {},
  resource?: string,
): ScpDecision {
  return evaluateScps(
    {
      action,
      resource,
      context: {
        'aws:PrincipalArn': developer,
        'aws:PrincipalAccount': account,
        'aws:RequestedRegion': 'eu-west-1',
        ...context,
      },
    },
    [
      { target: 'r-root', policies: [fullAwsAccess] },
      {
        target: account,
        policies: [
          fullAwsAccess,
          {
            id: 'p-example',
            name: 'example',
            content: JSON.stringify(example),
          },
        ],
      },
    ],
  ).decision;
}
