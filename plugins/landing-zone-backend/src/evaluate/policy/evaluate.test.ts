import { evaluatePolicy, evaluateScps, type ScpPolicy } from './evaluate';
import { parsePolicy } from './parse';
import { PolicyError, type PolicyRequest } from './types';

const fullAwsAccess: ScpPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  content: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  }),
};

function scp(id: string, statement: unknown): ScpPolicy {
  return {
    id,
    name: id,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
  };
}

function request(action: string, resource?: string): PolicyRequest {
  return { action, resource, context: {} };
}

describe('statement matching', () => {
  it('accepts Statement as an object or a list, Action as a string or a list', () => {
    const single = parsePolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
    });
    const list = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: ['ec2:RunInstances'], Resource: ['*'] },
      ],
    });
    for (const policy of [single, list]) {
      expect(
        evaluatePolicy(policy, request('ec2:RunInstances')).denies,
      ).toHaveLength(1);
    }
  });

  it('matches actions case-insensitively with * and ? wildcards', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Deny',
        Action: ['EC2:Describe*', 's3:Get?bject'],
        Resource: '*',
      },
    });
    const denied = (action: string) =>
      evaluatePolicy(policy, request(action)).denies.length > 0;
    expect(denied('ec2:DescribeInstances')).toBe(true);
    expect(denied('ec2:describevpcs')).toBe(true);
    expect(denied('s3:GetObject')).toBe(true);
    expect(denied('s3:GetObjectAcl')).toBe(false);
    expect(denied('ec2:RunInstances')).toBe(false);
  });

  it('applies NotAction to every action except the listed ones', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*'],
        Resource: '*',
      },
    });
    expect(
      evaluatePolicy(policy, request('ec2:RunInstances')).denies,
    ).toHaveLength(1);
    expect(
      evaluatePolicy(policy, request('iam:CreateRole')).denies,
    ).toHaveLength(0);
  });

  it('matches resources case-sensitively, with NotResource as the complement', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Trail',
          Effect: 'Deny',
          Action: 'cloudtrail:*',
          Resource: 'arn:aws:cloudtrail:*:*:trail/org-*',
        },
        {
          Sid: 'AllButLogs',
          Effect: 'Deny',
          Action: 's3:DeleteBucket',
          NotResource: 'arn:aws:s3:::logs-*',
        },
      ],
    });
    const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
    expect(
      evaluatePolicy(policy, request('cloudtrail:StopLogging', trail)).denies,
    ).toHaveLength(1);
    expect(
      evaluatePolicy(
        policy,
        request('cloudtrail:StopLogging', trail.replace('org', 'Org')),
      ).denies,
    ).toHaveLength(0);
    expect(
      evaluatePolicy(policy, request('s3:DeleteBucket', 'arn:aws:s3:::logs-a'))
        .denies,
    ).toHaveLength(0);
    expect(
      evaluatePolicy(policy, request('s3:DeleteBucket', 'arn:aws:s3:::data'))
        .denies,
    ).toHaveLength(1);
  });

  it('matches an unspecified resource only where the statement covers "*"', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Sid: 'Some',
          Effect: 'Deny',
          Action: '*',
          Resource: 'arn:aws:s3:::x',
        },
        { Sid: 'Implicit', Effect: 'Deny', Action: 's3:*' },
      ],
    });
    const result = evaluatePolicy(policy, request('s3:ListBucket'));
    expect(result.allows.map(s => s.sid)).toEqual(['All']);
    expect(result.denies.map(s => s.sid)).toEqual(['Implicit']);
  });

  it('requires every condition operator and every key to hold', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:RequestedRegion': 'eu-west-1',
            'aws:PrincipalAccount': '1',
          },
          Bool: { 'aws:SecureTransport': 'false' },
        },
      },
    });
    const denied = (context: PolicyRequest['context']) =>
      evaluatePolicy(policy, { action: 's3:GetObject', context }).denies
        .length > 0;
    const all = {
      'aws:RequestedRegion': 'eu-west-1',
      'aws:PrincipalAccount': '1',
      'aws:SecureTransport': false,
    };
    expect(denied(all)).toBe(true);
    expect(denied({ ...all, 'aws:PrincipalAccount': '2' })).toBe(false);
    expect(denied({ ...all, 'aws:SecureTransport': true })).toBe(false);
  });
});

describe('parsePolicy', () => {
  it.each([
    ['not JSON', '{'],
    ['no Statement', '{"Version":"2012-10-17"}'],
    ['a bad Effect', '{"Statement":{"Effect":"Maybe","Action":"*"}}'],
    ['no Action', '{"Statement":{"Effect":"Deny","Resource":"*"}}'],
    [
      'Action and NotAction',
      '{"Statement":{"Effect":"Deny","Action":"*","NotAction":"s3:*"}}',
    ],
    ['a numeric Action', '{"Statement":{"Effect":"Deny","Action":3}}'],
    [
      'a non-object Condition',
      '{"Statement":{"Effect":"Deny","Action":"*","Condition":"x"}}',
    ],
  ])('rejects a policy with %s', (_, content) => {
    expect(() => parsePolicy(content)).toThrow(PolicyError);
  });
});

describe('evaluateScps', () => {
  it('allows what every level allows and nothing denies', () => {
    const result = evaluateScps(request('s3:ListAllMyBuckets'), [
      { target: 'r-root', policies: [fullAwsAccess] },
      { target: 'ou-1', policies: [fullAwsAccess] },
      { target: '111122223333', policies: [fullAwsAccess] },
    ]);
    expect(result).toEqual({
      decision: 'allowed',
      deciding: ['r-root', 'ou-1', '111122223333'].map(target => ({
        target,
        policy: { id: 'p-FullAWSAccess', name: 'FullAWSAccess' },
        statement: { index: 0, sid: undefined },
      })),
    });
  });

  it('denies implicitly outside an allow list at one OU, despite FullAWSAccess at the root', () => {
    const allowList = scp('p-allow-list', [
      {
        Sid: 'AllowCompute',
        Effect: 'Allow',
        Action: ['ec2:*', 's3:*'],
        Resource: '*',
      },
    ]);
    const levels = [
      { target: 'r-root', policies: [fullAwsAccess] },
      { target: 'ou-workloads', policies: [allowList] },
      { target: '111122223333', policies: [fullAwsAccess] },
    ];
    expect(evaluateScps(request('ec2:RunInstances'), levels).decision).toBe(
      'allowed',
    );
    expect(evaluateScps(request('rds:CreateDBInstance'), levels)).toEqual({
      decision: 'implicit-deny',
      deciding: [{ target: 'ou-workloads' }],
    });
  });

  it('denies implicitly at a level with no policies', () => {
    const result = evaluateScps(request('s3:ListAllMyBuckets'), [
      { target: 'r-root', policies: [fullAwsAccess] },
      { target: '111122223333', policies: [] },
    ]);
    expect(result.decision).toBe('implicit-deny');
  });

  it('lets a Deny at any level win, naming every denying statement', () => {
    const denyLeave = scp('p-deny-leave', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Sid: 'DenyLeave',
        Effect: 'Deny',
        Action: 'organizations:LeaveOrganization',
        Resource: '*',
      },
    ]);
    const denyAll = scp('p-deny-orgs', {
      Effect: 'Deny',
      Action: 'organizations:*',
      Resource: '*',
    });
    const result = evaluateScps(request('organizations:LeaveOrganization'), [
      { target: 'r-root', policies: [fullAwsAccess] },
      { target: 'ou-1', policies: [denyLeave] },
      { target: '111122223333', policies: [fullAwsAccess, denyAll] },
    ]);
    expect(result).toEqual({
      decision: 'explicit-deny',
      deciding: [
        {
          target: 'ou-1',
          policy: { id: 'p-deny-leave', name: 'p-deny-leave' },
          statement: { index: 1, sid: 'DenyLeave' },
        },
        {
          target: '111122223333',
          policy: { id: 'p-deny-orgs', name: 'p-deny-orgs' },
          statement: { index: 0, sid: undefined },
        },
      ],
    });
  });

  it('throws a PolicyError naming the problem when an SCP cannot be parsed', () => {
    expect(() =>
      evaluateScps(request('s3:ListAllMyBuckets'), [
        {
          target: 'r-root',
          policies: [{ id: 'p-bad', name: 'bad', content: '{' }],
        },
      ]),
    ).toThrow(PolicyError);
  });
});
