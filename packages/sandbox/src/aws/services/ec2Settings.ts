/*
 * EC2 account settings that an EC2 declarative policy may enforce: VPC Block
 * Public Access, block public access for snapshots and AMIs, instance metadata
 * defaults. Where the account's effective declarative policy sets one, EC2
 * answers the policy's value with `managedBy` declarative-policy; otherwise
 * the account's own setting with `managedBy` account.
 */
import { declaredEc2Settings } from '../../org/declarativePolicy';
import type { QueryHandler } from '../types';
import { el, node } from '../xml';
import { dryRun } from './ec2Common';

const DECLARATIVE = 'declarative-policy';
const ACCOUNT = 'account';

/**
 * A block-public-sharing state (snapshots or AMIs): the declarative policy's
 * when it sets one, else the account's own, answered as `element`.
 */
function sharingState(
  ctx: Parameters<QueryHandler>[0],
  params: Parameters<QueryHandler>[1],
  setting: 'snapshotBlockPublicAccess' | 'imageBlockPublicAccess',
  element: string,
): string {
  dryRun(params);
  const declared = declaredEc2Settings(ctx.index, ctx.caller.accountId)[
    setting
  ];
  return (
    el(
      element,
      declared ??
        ctx.index.region(ctx.caller.accountId, ctx.region).ec2[setting],
    ) + el('managedBy', declared ? DECLARATIVE : ACCOUNT)
  );
}

export const ec2SettingsOperations: Record<string, QueryHandler> = {
  DescribeVpcBlockPublicAccessOptions: (ctx, params) => {
    dryRun(params);
    const own = ctx.index.region(ctx.caller.accountId, ctx.region).ec2
      .vpcBlockPublicAccess;
    const declared = declaredEc2Settings(
      ctx.index,
      ctx.caller.accountId,
    ).vpcBlockPublicAccess;
    const managed = declared?.mode !== undefined;
    const mode = managed ? declared.mode! : own.mode;
    const exclusionsAllowed =
      (managed ? declared.exclusionsAllowed : undefined) ??
      own.exclusionsAllowed;
    return node(
      'vpcBlockPublicAccessOptions',
      el('awsAccountId', ctx.caller.accountId) +
        el('awsRegion', ctx.region) +
        // An account that never changed it is in the default state.
        el(
          'state',
          !managed && mode === 'off' ? 'default-state' : 'update-complete',
        ) +
        el('internetGatewayBlockMode', mode) +
        el('lastUpdateTimestamp', new Date(ctx.index.startedAt).toISOString()) +
        el('managedBy', managed ? DECLARATIVE : ACCOUNT) +
        el('exclusionsAllowed', exclusionsAllowed ? 'allowed' : 'not-allowed'),
    );
  },

  GetSnapshotBlockPublicAccessState: (ctx, params) =>
    sharingState(ctx, params, 'snapshotBlockPublicAccess', 'state'),

  GetImageBlockPublicAccessState: (ctx, params) =>
    sharingState(
      ctx,
      params,
      'imageBlockPublicAccess',
      'imageBlockPublicAccessState',
    ),

  GetInstanceMetadataDefaults: (ctx, params) => {
    dryRun(params);
    const declared = declaredEc2Settings(
      ctx.index,
      ctx.caller.accountId,
    ).instanceMetadataDefaults;
    const settings =
      declared ??
      ctx.index.region(ctx.caller.accountId, ctx.region).ec2
        .instanceMetadataDefaults;
    return node(
      'accountLevel',
      el('httpTokens', settings.httpTokens) +
        el('httpPutResponseHopLimit', settings.httpPutResponseHopLimit) +
        el('httpEndpoint', settings.httpEndpoint) +
        el('instanceMetadataTags', settings.instanceMetadataTags) +
        el('managedBy', declared ? DECLARATIVE : ACCOUNT),
    );
  },
};
