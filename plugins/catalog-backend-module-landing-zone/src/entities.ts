/*
 * Pure mapping from the landing-zone API's accounts and VPCs to catalog
 * entities. Names come from AWS ids, never from account names: an account
 * name is any Unicode up to 50 characters and can be renamed, while an
 * entity name must match [a-z0-9-_.] and is the entity's identity.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  AccountSummary,
  VpcSummary,
} from '@internal/plugin-landing-zone-common';

/** Where every entity of this provider comes from: no file, the organisation. */
export const LOCATION_REF = 'landing-zone:organization';

export const ANNOTATION_ACCOUNT_ID = 'amazonaws.com/account-id';
export const ANNOTATION_ARN = 'amazonaws.com/arn';
export const ANNOTATION_ORGANIZATION_ID = 'amazonaws.com/organization-id';
export const ANNOTATION_OU_PATH = 'landing-zone.io/ou-path';
export const ANNOTATION_COMPLIANCE = 'landing-zone.io/compliance';
export const ANNOTATION_ENVIRONMENT = 'landing-zone.io/environment';
export const ANNOTATION_REGION = 'landing-zone.io/region';
export const ANNOTATION_ACCOUNT_STATUS = 'landing-zone.io/account-status';
/** How many guardrails the account fails, for lists that show it without the API. */
export const ANNOTATION_FAILING = 'landing-zone.io/failing-guardrails';
/**
 * The account's state as a label, so the catalog's lists can filter by it:
 * `active`, `suspended`, `pending-closure`, `closed`, …
 */
export const LABEL_ACCOUNT_STATE = 'landing-zone.io/account-state';

const validator = makeValidator();

/** The name of an account's entity, e.g. `aws-account-123456789012`. */
export function accountEntityName(accountId: string): string {
  return `aws-account-${accountId}`;
}

/** The name of a VPC's entity, e.g. `aws-vpc-vpc-0a1b2c3d`. */
export function vpcEntityName(vpcId: string): string {
  return `aws-vpc-${vpcId}`;
}

/**
 * A label value the catalog accepts: alphanumerics separated by `-`, `_` or
 * `.`, at most 63 characters. Undefined when nothing is left.
 */
export function labelValueOf(value: string): string | undefined {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-_.]+/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned && validator.isValidLabelValue(cleaned) ? cleaned : undefined;
}

function labels(values: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const label = labelValueOf(value);
    if (label) {
      result[key] = label;
    }
  }
  return result;
}

/** The ARN partition of a region: China and GovCloud have their own. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return 'aws';
}

const locationAnnotations = {
  [ANNOTATION_LOCATION]: LOCATION_REF,
  [ANNOTATION_ORIGIN_LOCATION]: LOCATION_REF,
};

/** What the landing zone knows of the organisation, before its first scan nothing. */
export type OrganizationIdentity = {
  organizationId?: string;
  managementAccountId?: string;
};

function organizationAnnotation(
  organization: OrganizationIdentity,
): Record<string, string> {
  return organization.organizationId
    ? { [ANNOTATION_ORGANIZATION_ID]: organization.organizationId }
    : {};
}

/**
 * An account's ARN, as Organizations names it:
 * `arn:aws:organizations::<management account>:account/<organization>/<account>`.
 */
function accountArnAnnotation(
  accountId: string,
  organization: OrganizationIdentity,
): Record<string, string> {
  const { organizationId, managementAccountId } = organization;
  return organizationId && managementAccountId
    ? {
        [ANNOTATION_ARN]: `arn:aws:organizations::${managementAccountId}:account/${organizationId}/${accountId}`,
      }
    : {};
}

/**
 * An account as a Resource of type `aws-account`, owned by `owner`. Accounts
 * of every state are kept, with their state: Organizations lists a closed
 * account for 90 days, while it can still be reopened.
 */
export function accountEntity(
  account: AccountSummary,
  owner: string,
  organization: OrganizationIdentity = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: accountEntityName(account.id),
      title: account.name,
      description: `AWS account ${account.id} in ${account.ouPath}`,
      annotations: {
        ...locationAnnotations,
        [ANNOTATION_ACCOUNT_ID]: account.id,
        ...organizationAnnotation(organization),
        ...accountArnAnnotation(account.id, organization),
        [ANNOTATION_OU_PATH]: account.ouPath,
        [ANNOTATION_COMPLIANCE]: account.compliance,
        [ANNOTATION_ENVIRONMENT]: account.environment,
        [ANNOTATION_ACCOUNT_STATUS]: account.status,
        [ANNOTATION_FAILING]: String(account.checks.failing),
      },
      labels: labels({
        environment: account.environment,
        compliance: account.compliance,
        // PENDING_CLOSURE as pending-closure, the kebab case of the others.
        [LABEL_ACCOUNT_STATE]: account.status.replace(/_/g, '-'),
      }),
    },
    spec: {
      type: 'aws-account',
      owner,
    },
  };
}

/**
 * A VPC as a Resource of type `aws-vpc`. It is a `dependencyOf` its account,
 * as Backstage's own AWS examples relate a resource to what it serves, so the
 * catalog graph draws account → VPC (the account gets the inverse
 * `dependsOn`). It takes its account's owner.
 */
export function vpcEntity(
  vpc: VpcSummary,
  owner: string,
  organization: OrganizationIdentity = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: vpcEntityName(vpc.vpcId),
      title: vpc.name || vpc.vpcId,
      description: `VPC ${vpc.vpcId} of AWS account ${vpc.accountId} in ${vpc.region}`,
      annotations: {
        ...locationAnnotations,
        [ANNOTATION_ACCOUNT_ID]: vpc.accountId,
        ...organizationAnnotation(organization),
        [ANNOTATION_ARN]: `arn:${partitionOf(vpc.region)}:ec2:${vpc.region}:${
          vpc.accountId
        }:vpc/${vpc.vpcId}`,
        [ANNOTATION_ENVIRONMENT]: vpc.environment,
        [ANNOTATION_REGION]: vpc.region,
      },
      labels: labels({ environment: vpc.environment }),
    },
    spec: {
      type: 'aws-vpc',
      owner,
      dependencyOf: [
        stringifyEntityRef({
          kind: 'resource',
          namespace: 'default',
          name: accountEntityName(vpc.accountId),
        }),
      ],
    },
  };
}
