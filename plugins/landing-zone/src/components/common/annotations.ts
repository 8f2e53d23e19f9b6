import type { Entity } from '@backstage/catalog-model';

// Written by plugins/catalog-backend-module-landing-zone.
export const ANNOTATION_ACCOUNT_ID = 'amazonaws.com/account-id';
export const ANNOTATION_ARN = 'amazonaws.com/arn';
export const ANNOTATION_COMPLIANCE = 'landing-zone.io/compliance';
export const ANNOTATION_FAILING = 'landing-zone.io/failing-guardrails';
export const ANNOTATION_ACCOUNT_STATUS = 'landing-zone.io/account-status';

export function accountIdOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_ACCOUNT_ID];
}

/** The VPC id of an aws-vpc entity, from its ARN (`…:vpc/vpc-0abc`). */
export function vpcIdOf(entity: Entity): string | undefined {
  const arn = entity.metadata.annotations?.[ANNOTATION_ARN];
  const match = arn?.match(/:vpc\/(vpc-[0-9a-z]+)$/);
  return match?.[1];
}

export function isAwsAccount(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === 'aws-account'
  );
}

export function isAwsVpc(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' && entity.spec?.type === 'aws-vpc'
  );
}

/** The entity ref of a VPC's entity, as the catalog module names it. */
export function vpcEntityRef(vpcId: string): string {
  return `resource:default/aws-vpc-${vpcId}`;
}
