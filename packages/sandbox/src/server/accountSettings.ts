import { hashHex } from '../org/ids';
import {
  analyzers,
  rootMfaDevice,
  vpcBlockPublicAccess,
  type SpecIssue,
} from '../org/resolve';
import {
  securityHubStandards,
  type AccountSettings,
  type RegionSettings,
} from '../org/schema';
import type { Account, AccountRegion } from '../org/types';

type StandardKey = keyof typeof securityHubStandards;

/*
 * Guardrail settings of one account, in the organisation file's vocabulary, read
 * from and merged into the resolved account in place: the AWS handlers look the
 * account up in the index on every call, so the next call answers the new state.
 */

/** One region's settings as the organisation file would spell them. */
export function regionSettingsOf(state: AccountRegion) {
  const standards = state.securityHub?.standardsArns.map(
    arn =>
      (Object.keys(securityHubStandards) as StandardKey[]).find(
        key => securityHubStandards[key](state.region) === arn,
      ) ?? arn,
  );
  return {
    ebsEncryptionByDefault: state.ebsEncryptionByDefault,
    vpcBlockPublicAccess: { ...state.ec2.vpcBlockPublicAccess },
    snapshotBlockPublicAccess: state.ec2.snapshotBlockPublicAccess,
    imageBlockPublicAccess: state.ec2.imageBlockPublicAccess,
    instanceMetadataDefaults: { ...state.ec2.instanceMetadataDefaults },
    guardDuty: state.guardDuty?.status ?? 'NONE',
    config: configStatus(state.configRecorder),
    securityHub: state.securityHub !== undefined,
    ...(standards ? { securityHubStandards: standards } : {}),
    accessAnalyzer: state.accessAnalyzers.map(a => ({
      name: a.name,
      type: a.type,
    })),
    vpcs: state.vpcs.map(v => ({
      id: v.id,
      name: v.name,
      cidr: v.cidr,
      flowLogs: v.flowLogs.length > 0,
    })),
  };
}

function configStatus(
  recorder: AccountRegion['configRecorder'],
): 'RECORDING' | 'STOPPED' | 'NONE' {
  if (!recorder) return 'NONE';
  return recorder.recording ? 'RECORDING' : 'STOPPED';
}

/** The account's guardrail settings and every operating region's. */
export function accountSettingsOf(account: Account) {
  return {
    id: account.id,
    name: account.name,
    status: account.status,
    rootMfa:
      account.iam.rootMfaDevice === 'virtual'
        ? 'virtual'
        : account.iam.rootMfaEnabled,
    rootAccessKeys: account.iam.rootAccessKeysPresent,
    rootCredentials:
      account.iam.rootPasswordPresent ||
      account.iam.rootAccessKeysPresent ||
      account.iam.rootSigningCertificatesPresent ||
      account.iam.rootMfaEnabled,
    s3PublicAccessBlock: account.s3PublicAccessBlock ?? 'NONE',
    denyAssumeRole: account.denyAssumeRole,
    regions: Object.fromEntries(
      Object.entries(account.regions).map(([name, state]) => [
        name,
        regionSettingsOf(state),
      ]),
    ),
  };
}

/** Merges account-level settings into the account. */
export function applyAccountSettings(
  account: Account,
  settings: AccountSettings,
): void {
  if (settings.rootMfa !== undefined) {
    account.iam.rootMfaEnabled = settings.rootMfa !== false;
    account.iam.rootMfaDevice = rootMfaDevice(settings.rootMfa);
  }
  if (settings.rootCredentials === false) {
    account.iam = {
      ...account.iam,
      rootMfaEnabled: false,
      rootMfaDevice: undefined,
      rootAccessKeysPresent: false,
      rootPasswordPresent: false,
      rootSigningCertificatesPresent: false,
    };
  } else if (settings.rootCredentials === true) {
    account.iam.rootPasswordPresent = true;
  }
  if (settings.rootAccessKeys !== undefined) {
    account.iam.rootAccessKeysPresent = settings.rootAccessKeys;
  }
  if (settings.s3PublicAccessBlock !== undefined) {
    account.s3PublicAccessBlock =
      settings.s3PublicAccessBlock === 'NONE'
        ? undefined
        : { ...settings.s3PublicAccessBlock };
  }
  if (settings.denyAssumeRole !== undefined) {
    account.denyAssumeRole = settings.denyAssumeRole;
  }
}

/**
 * Merges region settings into the account's state in the region, as the
 * organisation file's resolution would have produced them (same detector id, same
 * recorder name). Answers the issues that make the settings unusable, changing
 * nothing then.
 */
export function applyRegionSettings(
  account: Account,
  region: string,
  settings: RegionSettings,
): SpecIssue[] {
  const current = account.regions[region];
  const next: AccountRegion = { ...current };
  if (settings.ebsEncryptionByDefault !== undefined) {
    next.ebsEncryptionByDefault = settings.ebsEncryptionByDefault;
  }
  const vpcBpa = settings.vpcBlockPublicAccess;
  next.ec2 = {
    vpcBlockPublicAccess:
      vpcBpa === undefined
        ? current.ec2.vpcBlockPublicAccess
        : vpcBlockPublicAccess(vpcBpa),
    snapshotBlockPublicAccess:
      settings.snapshotBlockPublicAccess ??
      current.ec2.snapshotBlockPublicAccess,
    imageBlockPublicAccess:
      settings.imageBlockPublicAccess ?? current.ec2.imageBlockPublicAccess,
    instanceMetadataDefaults: {
      ...current.ec2.instanceMetadataDefaults,
      ...settings.instanceMetadataDefaults,
    },
  };
  if (settings.guardDuty !== undefined) {
    next.guardDuty =
      settings.guardDuty === 'NONE'
        ? undefined
        : {
            detectorId:
              current.guardDuty?.detectorId ??
              hashHex(`${account.id}|${region}|detector`, 32),
            status: settings.guardDuty,
          };
  }
  if (settings.config !== undefined) {
    next.configRecorder =
      settings.config === 'NONE'
        ? undefined
        : {
            name: current.configRecorder?.name ?? 'default',
            recording: settings.config === 'RECORDING',
          };
  }
  const hubOn = settings.securityHub ?? current.securityHub !== undefined;
  if (!hubOn) {
    next.securityHub = undefined;
  } else if (
    settings.securityHubStandards !== undefined ||
    current.securityHub === undefined
  ) {
    const standards = settings.securityHubStandards ?? ['fsbp'];
    next.securityHub = {
      standardsArns: standards.map(s => securityHubStandards[s](region)),
    };
  }
  const issues: SpecIssue[] = [];
  if (settings.accessAnalyzer !== undefined) {
    next.accessAnalyzers = analyzers(settings.accessAnalyzer, issues, [
      'accessAnalyzer',
    ]);
  }
  if (issues.length === 0) account.regions[region] = next;
  return issues;
}
