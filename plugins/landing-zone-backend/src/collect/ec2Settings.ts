import {
  DescribeVpcBlockPublicAccessOptionsCommand,
  EC2Client,
  GetImageBlockPublicAccessStateCommand,
  GetInstanceMetadataDefaultsCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import type { RegionFacts } from '@internal/plugin-landing-zone-common';
import { callOptions, capture } from './errors';

type Ec2SettingsFacts = Required<
  Pick<
    RegionFacts,
    | 'vpcBlockPublicAccess'
    | 'snapshotBlockPublicAccess'
    | 'imageBlockPublicAccess'
    | 'instanceMetadataDefaults'
  >
>;

/**
 * Reads the account-level EC2 settings of one region that an EC2 declarative
 * policy can enforce, each with who manages it (`ManagedBy`:
 * `declarative-policy` or `account`). One call each; every call ends with
 * `signal`.
 */
export async function readEc2Settings(
  client: EC2Client,
  signal?: AbortSignal,
): Promise<Ec2SettingsFacts> {
  const call = callOptions(signal);
  const [
    vpcBlockPublicAccess,
    snapshotBlockPublicAccess,
    imageBlockPublicAccess,
    instanceMetadataDefaults,
  ] = await Promise.all([
    capture('ec2:DescribeVpcBlockPublicAccessOptions', async () => {
      const { VpcBlockPublicAccessOptions: options } = await client.send(
        new DescribeVpcBlockPublicAccessOptionsCommand({}),
        call,
      );
      return {
        // An account that never set it answers without a mode: it is off.
        internetGatewayBlockMode: options?.InternetGatewayBlockMode ?? 'off',
        exclusionsAllowed: options?.ExclusionsAllowed,
        state: options?.State,
        managedBy: options?.ManagedBy,
      };
    }),
    capture('ec2:GetSnapshotBlockPublicAccessState', async () => {
      const res = await client.send(
        new GetSnapshotBlockPublicAccessStateCommand({}),
        call,
      );
      return { state: res.State ?? 'unblocked', managedBy: res.ManagedBy };
    }),
    capture('ec2:GetImageBlockPublicAccessState', async () => {
      const res = await client.send(
        new GetImageBlockPublicAccessStateCommand({}),
        call,
      );
      return {
        state: res.ImageBlockPublicAccessState ?? 'unblocked',
        managedBy: res.ManagedBy,
      };
    }),
    capture('ec2:GetInstanceMetadataDefaults', async () => {
      const { AccountLevel: defaults } = await client.send(
        new GetInstanceMetadataDefaultsCommand({}),
        call,
      );
      // Every field is absent when the account set no default: instances
      // then take the AMI's or the launch request's settings.
      return {
        httpTokens: defaults?.HttpTokens,
        httpPutResponseHopLimit: defaults?.HttpPutResponseHopLimit,
        httpEndpoint: defaults?.HttpEndpoint,
        instanceMetadataTags: defaults?.InstanceMetadataTags,
        managedBy: defaults?.ManagedBy,
      };
    }),
  ]);
  return {
    vpcBlockPublicAccess,
    snapshotBlockPublicAccess,
    imageBlockPublicAccess,
    instanceMetadataDefaults,
  };
}
