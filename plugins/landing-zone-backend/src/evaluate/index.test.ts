import {
  type GuardrailCheck,
  guardrailCatalogue,
} from '@internal/plugin-landing-zone-common';
import { data, inEnglish, makeAccount, makeContext, makeVpc } from './fixtures';
import {
  buildTransitGatewayIndex,
  buildVpcIndex,
  defaultChecks,
  evaluateAccount,
} from './index';

describe('defaultChecks', () => {
  it('has one check per catalogue entry, in catalogue order', () => {
    expect(defaultChecks.map(check => check.definition.id)).toEqual(
      guardrailCatalogue.map(definition => definition.id),
    );
  });
});

describe('evaluateAccount', () => {
  it('passes a compliant account on every guardrail', () => {
    const account = makeAccount({
      vpcs: { 'eu-west-1': [makeVpc('vpc-1', '10.0.0.0/16')] },
    });
    const results = evaluateAccount(defaultChecks, makeContext(account));
    expect(results.filter(result => result.status !== 'pass')).toEqual([]);
    expect(results).toHaveLength(guardrailCatalogue.length);
  });

  it('turns a check that throws into unknown and keeps evaluating', () => {
    const [first, second] = defaultChecks;
    const broken: GuardrailCheck = {
      definition: first.definition,
      evaluate: () => {
        throw new TypeError('facts are odd');
      },
    };
    expect(
      inEnglish(evaluateAccount([broken, second], makeContext(makeAccount()))),
    ).toEqual([
      {
        checkId: first.definition.id,
        status: 'unknown',
        evidence: [{ message: 'The check failed: facts are odd' }],
      },
      expect.objectContaining({
        checkId: second.definition.id,
        status: 'pass',
      }),
    ]);
  });
});

describe('buildVpcIndex', () => {
  it('indexes VPCs with their environment, transit gateways and active peers', () => {
    const account = makeAccount({
      id: '111111111111',
      environment: 'non-prod',
      vpcs: {
        'eu-west-1': [
          makeVpc('vpc-a', '10.0.0.0/16'),
          makeVpc('vpc-b', '10.1.0.0/16'),
        ],
      },
    });
    const facts = account.regions!['eu-west-1'];
    facts.transitGatewayAttachments = data([
      {
        attachmentId: 'a-1',
        transitGatewayId: 'tgw-1',
        resourceType: 'vpc',
        resourceId: 'vpc-a',
        state: 'available',
      },
      {
        attachmentId: 'a-2',
        transitGatewayId: 'tgw-2',
        resourceType: 'vpc',
        resourceId: 'vpc-a',
        state: 'pendingAcceptance',
      },
      {
        attachmentId: 'a-3',
        transitGatewayId: 'tgw-3',
        resourceType: 'vpn',
        state: 'available',
      },
    ]);
    const side = (vpcId: string) => ({
      vpcId,
      accountId: '111111111111',
      region: 'eu-west-1',
      cidrs: [],
    });
    facts.peerings = data([
      {
        peeringId: 'pcx-1',
        status: 'active',
        requester: side('vpc-b'),
        accepter: side('vpc-z'),
      },
      {
        peeringId: 'pcx-2',
        status: 'deleted',
        requester: side('vpc-a'),
        accepter: side('vpc-y'),
      },
    ]);
    const index = buildVpcIndex([
      account,
      { ...makeAccount(), regions: undefined },
    ]);
    expect([...index.values()]).toEqual([
      {
        vpcId: 'vpc-a',
        accountId: '111111111111',
        region: 'eu-west-1',
        environment: 'non-prod',
        cidrs: ['10.0.0.0/16'],
        transitGatewayIds: ['tgw-1'],
        peeredVpcIds: [],
        routes: [],
      },
      {
        vpcId: 'vpc-b',
        accountId: '111111111111',
        region: 'eu-west-1',
        environment: 'non-prod',
        cidrs: ['10.1.0.0/16'],
        transitGatewayIds: [],
        peeredVpcIds: ['vpc-z'],
        routes: [],
      },
    ]);
  });
});

describe('buildTransitGatewayIndex', () => {
  const gateway = (transitGatewayId: string, ownerId: string) => ({
    transitGatewayId,
    ownerId,
    state: 'available',
    autoAcceptSharedAttachments: false,
    attachments: [],
    routeTables: data([]),
  });

  it('indexes the gateways each owner read, with their region, and nothing of unreadable owners', () => {
    const index = buildTransitGatewayIndex([
      {
        accountId: '111111111111',
        regions: {
          'eu-west-1': {
            transitGateways: data([gateway('tgw-1', '111111111111')]),
          },
          'eu-central-1': {
            transitGateways: data([gateway('tgw-2', '111111111111')]),
          },
          // Facts from before gateways were read, and a region that failed.
          'us-east-1': {},
          'us-west-2': {
            transitGateways: {
              error: { code: 'UnauthorizedOperation', message: 'no' },
              collectedAt: '2025-06-01T12:00:00.000Z',
            },
          },
        },
      },
      {
        accountId: '222222222222',
        access: { code: 'AccessDenied', message: 'not authorized' },
      },
    ]);
    expect([...index.keys()]).toEqual(['tgw-1', 'tgw-2']);
    expect(index.get('tgw-2')).toEqual({
      transitGatewayId: 'tgw-2',
      ownerId: '111111111111',
      region: 'eu-central-1',
      facts: gateway('tgw-2', '111111111111'),
    });
  });
});
