/*
 * EC2 account settings a declarative policy may enforce: VPC, snapshot and
 * AMI block public access and the IMDSv2 default, judged per allowed region.
 *
 * A setting holds or not whoever set it; the evidence says who did. EC2
 * reports `managedBy: declarative-policy` when a declarative policy enforces
 * the setting (the account cannot change it), `account` when it was set by
 * hand. The account's effective EC2 declarative policy, when collected, tells
 * whether a policy names the attribute at all: one that does while EC2 still
 * says `account` has not reached the region yet.
 */

import {
  type CheckContext,
  type Ec2AccountSetting,
  type EvidenceCode,
  type Fact,
  type GuardrailCheck,
  guardrailIds,
  type RegionFacts,
} from '@internal/plugin-landing-zone-common';
import {
  definitionOf,
  listOf,
  regionalVerdict,
  said,
  type Said,
} from './common';

type Setting<T extends Ec2AccountSetting<object>> = {
  id: string;
  /** The code of what the evidence calls the setting (`VPC Block Public Access`). */
  label: EvidenceCode;
  pick: (facts: RegionFacts) => Fact<T> | undefined;
  /** The value judged, as EC2 names it. */
  value: (data: T) => string | undefined;
  accepted: string[];
  /** The attribute's name in an EC2 declarative policy (`ec2_attributes`). */
  attribute: string;
};

type Declared = 'named' | 'not named' | 'not read';

/** Whether the account's effective EC2 declarative policy sets `attribute`. */
function declaredBy(context: CheckContext, attribute: string): Declared {
  const fact = context.account.global?.declarativePolicyEc2;
  if (!fact || fact.error) return 'not read';
  if (!fact.data) return 'not named';
  try {
    const policy = JSON.parse(fact.data.content) as {
      ec2_attributes?: Record<string, unknown>;
    };
    return policy.ec2_attributes?.[attribute] === undefined
      ? 'not named'
      : 'named';
  } catch {
    // Organizations returns JSON; anything else tells us nothing.
    return 'not read';
  }
}

function enforcement(
  managedBy: string | undefined,
  declared: Declared,
  attribute: string,
): Said {
  if (managedBy === 'declarative-policy') {
    return said('ec2.how.declarativePolicy');
  }
  if (managedBy === 'account') {
    return declared === 'named'
      ? said('ec2.how.accountDespitePolicy', { attribute })
      : said('ec2.how.account');
  }
  // EC2 did not say who manages it: the effective policy is all we know.
  if (declared === 'named') {
    return said('ec2.how.policyNames', { attribute });
  }
  return declared === 'not named'
    ? said('ec2.how.policyNamesNot')
    : said('ec2.how.unknown');
}

function settingCheck<T extends Ec2AccountSetting<object>>(
  setting: Setting<T>,
): GuardrailCheck {
  return {
    definition: definitionOf(setting.id),
    evaluate: context => {
      const declared = declaredBy(context, setting.attribute);
      const label = said(setting.label);
      const accepted = listOf(
        setting.accepted.map(value => said('value', { value })),
        'or',
      );
      return regionalVerdict(
        context,
        setting.pick,
        (data, region, findings) => {
          const value = setting.value(data);
          const how = enforcement(data.managedBy, declared, setting.attribute);
          const values = { setting: label, region, how };
          if (value !== undefined && setting.accepted.includes(value)) {
            findings.passes.push({
              region,
              ...said('ec2.setting.pass', { ...values, value }),
            });
          } else {
            findings.failures.push({
              region,
              ...(value === undefined
                ? said('ec2.setting.unset', { ...values, accepted })
                : said('ec2.setting.fail', { ...values, value, accepted })),
            });
          }
        },
        [],
        label,
      );
    },
  };
}

export const ec2VpcBlockPublicAccessCheck = settingCheck({
  id: guardrailIds.ec2VpcBlockPublicAccess,
  label: 'ec2.setting.vpcBlockPublicAccess',
  pick: facts => facts.vpcBlockPublicAccess,
  value: data => data.internetGatewayBlockMode,
  accepted: ['block-ingress', 'block-bidirectional'],
  attribute: 'vpc_block_public_access',
});

export const ec2SnapshotBlockPublicAccessCheck = settingCheck({
  id: guardrailIds.ec2SnapshotBlockPublicAccess,
  label: 'ec2.setting.snapshotBlockPublicAccess',
  pick: facts => facts.snapshotBlockPublicAccess,
  value: data => data.state,
  accepted: ['block-all-sharing', 'block-new-sharing'],
  attribute: 'snapshot_block_public_access',
});

export const ec2ImageBlockPublicAccessCheck = settingCheck({
  id: guardrailIds.ec2ImageBlockPublicAccess,
  label: 'ec2.setting.imageBlockPublicAccess',
  pick: facts => facts.imageBlockPublicAccess,
  value: data => data.state,
  accepted: ['block-new-sharing'],
  attribute: 'image_block_public_access',
});

export const ec2ImdsV2DefaultCheck = settingCheck({
  id: guardrailIds.ec2ImdsV2Default,
  label: 'ec2.setting.instanceMetadataDefaults',
  pick: facts => facts.instanceMetadataDefaults,
  // Undefined: the account has no default, so instances get EC2's (optional).
  value: data => data.httpTokens,
  accepted: ['required'],
  attribute: 'instance_metadata_defaults',
});

export const ec2Checks: GuardrailCheck[] = [
  ec2VpcBlockPublicAccessCheck,
  ec2SnapshotBlockPublicAccessCheck,
  ec2ImageBlockPublicAccessCheck,
  ec2ImdsV2DefaultCheck,
];
