import { parseOrganization } from '@internal/sandbox';
import { startCollectorSandbox } from './collectors';

/**
 * A small organisation for the readers of issue 13: one workload account
 * with a few of each resource, among them the cases that mean "none" (a load
 * balancer without a web ACL, a bucket without default encryption, a region
 * without Macie) and more of some than one small page holds.
 */
export const WORKLOADS_YAML = `
organization:
  id: o-workloads01
  rootId: r-wrk1
  managementAccount: '111111111111'
  regions: [eu-west-1, us-east-1]
defaults:
  roles: [LandingZoneReadOnly]
  rootMfa: true
accounts:
  - id: '111111111111'
    name: management
  - id: '222222222222'
    name: workloads
    iamUsers:
      - { name: alice, created: '2020-01-02T03:04:05Z', accessKeys: [{ status: Active }] }
      - { name: bob, created: '2021-02-03T04:05:06Z' }
      - { name: carol }
      - { name: dave }
      - { name: erin }
      - { name: frank, accessKeys: [{ status: Inactive }] }
    iamRoles:
      - { name: partner-read, trust: ['444455556666'] }
      - { name: org-deploy, trust: [org] }
      - { name: sso-admin, path: /aws-reserved/sso.amazonaws.com/, trust: [saml] }
      - { name: ecs-task, trust: ['service:ecs-tasks.amazonaws.com'] }
    buckets:
      - { name: workloads-logs, encryption: AES256 }
      - { name: workloads-raw, encryption: NONE }
      - { name: workloads-ledger, region: us-east-1, encryption: 'aws:kms', key: customer, bucketKey: true }
      - { name: workloads-reports, encryption: 'aws:kms', key: aws }
      - { name: workloads-archive, region: us-east-1, encryption: 'aws:kms:dsse', key: customer }
      - { name: workloads-tmp, encryption: AES256 }
    distributions:
      - { alias: www.example.jp, webAcl: edge }
      - { alias: static.example.jp }
      - { alias: old.example.jp, enabled: false }
    regions:
      eu-west-1:
        macie: ENABLED
        vpcs:
          - name: app
            cidr: 10.10.0.0/16
            tiers: [public, private, isolated]
            networkAcls: per-tier
            isolatedInbound: ['0.0.0.0/0']
        securityGroups:
          - name: bastion
            ingress:
              - { protocol: tcp, port: 22, from: 0.0.0.0/0 }
              - { protocol: tcp, port: 443, from: [0.0.0.0/0, '::/0'] }
              - { protocol: tcp, port: 5432, from: 10.0.0.0/8 }
          - name: open-all
            ingress: [{ protocol: '-1', from: 0.0.0.0/0 }]
          - { name: web-1, ingress: [{ protocol: tcp, port: [8080, 8090], from: '::/0' }] }
          - { name: web-2 }
          - { name: web-3 }
          - { name: web-4 }
        loadBalancers:
          - { name: web, type: application, scheme: internet-facing, webAcl: web-acl }
          - { name: api, type: application, scheme: internet-facing }
          - { name: admin, type: application, scheme: internal }
          - { name: ingest, type: network, scheme: internet-facing }
          - { name: shop, type: application, scheme: internet-facing, webAcl: web-acl }
          - { name: docs, type: application, scheme: internet-facing }
        databases:
          - { name: ledger-db, encrypted: true, key: customer }
          - { name: legacy-db, encrypted: false }
          - { name: orders, cluster: 2, encrypted: true, key: aws }
          - { name: audit-db, encrypted: true, key: customer }
        cacheGroups:
          - { name: sessions, atRest: true, inTransit: required, key: customer }
          - { name: cache-plain, atRest: false, inTransit: false }
          - { name: cache-pref, engine: valkey, atRest: true, inTransit: preferred }
        instances:
          - { name: bastion, ageDays: 45 }
          - { name: worker, type: m7g.large, ageDays: 2 }
          - { name: parked, ageDays: 100, state: stopped }
        autoScalingGroups:
          - { name: web-asg, instances: 2, ageDays: 10, refreshedDaysAgo: 3, schedule: '0 3 * * 0' }
          - { name: batch-asg, instances: 1, ageDays: 50, maxInstanceLifetimeDays: 14 }
          - { name: idle-asg, instances: 0, ageDays: 0 }
      us-east-1:
        macie: NONE
`;

/** The organisation of {@link WORKLOADS_YAML}. */
export function workloadsOrganization() {
  return parseOrganization(WORKLOADS_YAML, 'workloads.yaml');
}

/** The sandbox serving {@link WORKLOADS_YAML}, and its workload account. */
export async function startWorkloadsSandbox() {
  const env = await startCollectorSandbox({
    org: workloadsOrganization(),
    github: false,
  });
  const account = env.sandbox.organization.accounts.find(
    a => a.id === env.idOf('workloads'),
  )!;
  return { env, account };
}
