import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every string of the plugin a person reads, in English. Japanese comes from
 * ./translations/ja; a person switches with Settings → Language.
 *
 * @public
 */
export const landingZoneTranslationRef = createTranslationRef({
  id: 'plugin.landing-zone',
  messages: {
    tabs: {
      guardrails: 'Guardrails',
      network: 'Network',
    },
    compliance: {
      compliant: 'Compliant',
      'non-compliant': 'Non-compliant',
      unknown: 'Unknown',
    },
    status: {
      pass: 'Pass',
      fail: 'Fail',
      unknown: 'Unknown',
    },
    severity: {
      critical: 'Critical severity',
      high: 'High severity',
      medium: 'Medium severity',
      low: 'Low severity',
    },
    category: {
      preventive: 'Preventive',
      detective: 'Detective',
      network: 'Network',
    },
    states: {
      retry: 'Retry',
      errorTitle: 'Could not load the landing-zone data',
      deniedTitle: 'Not permitted',
      deniedBody:
        'You are not permitted to see this account. Ask its owning team or the platform team for access.',
      notAnnotated:
        'This entity has no amazonaws.com/account-id annotation, so the portal cannot tell which AWS account it is.',
      accountNotFoundTitle: 'Not in the landing zone yet',
      accountNotFound:
        'No scan has seen AWS account {{accountId}}. It appears after the next scan that reaches it.',
      vpcNotFoundTitle: 'VPC not found',
      vpcNotFound:
        'The last scan did not see VPC {{vpcId}} in account {{accountId}}: it was deleted, or its account could not be read.',
    },
    account: {
      summaryTitle: 'AWS account',
      complianceLine:
        '{{failing}} failing, {{unknown}} unknown, {{passing}} passing guardrails',
      id: 'Account id',
      ouPath: 'Organizational unit (OU)',
      environment: 'Environment',
      email: 'Root email',
      status: 'Account status',
      owner: 'Owner',
      lastCollected: 'Last collected',
      never: 'never',
      stale: 'Stale',
      staleReason:
        'The last scan could not read everything in this account, so some verdicts rest on older data: {{reason}}',
      guardrailsTitle: 'Guardrails',
      guardrailsEmpty:
        'No guardrail has been evaluated for this account yet. Verdicts appear after its first complete scan.',
      vpcsTitle: 'VPCs',
      vpcsEmpty: 'This account has no VPC in the regions the scan reads.',
      tagsTitle: 'Tags',
      tagsEmpty: 'This account has no tags.',
      copyId: 'Copy the account id',
      copied: 'Copied',
    },
    guardrailTable: {
      status: 'Status',
      guardrail: 'Guardrail',
      evidence: 'Evidence',
      showEvidence_one: 'Show the evidence ({{count}} item)',
      showEvidence_other: 'Show the evidence ({{count}} items)',
      moreEvidence_one: '{{count}} more item',
      moreEvidence_other: '{{count}} more items',
      remediation: 'Remediation',
      controls: 'Controls',
      noControls: 'No published control',
      evaluated: 'Evaluated',
      noEvidence: 'No evidence recorded.',
      policy: 'Policy {{name}} ({{id}})',
      statement: 'statement {{sid}}',
    },
    vpc: {
      title: 'Network',
      vpcId: 'VPC id',
      region: 'Region',
      cidrs: 'CIDR blocks',
      tiers: 'Subnet tiers',
      tierPublic: 'Public',
      tierPrivate: 'Private',
      tierIsolated: 'Isolated',
      subnets_one: '{{count}} subnet',
      subnets_other: '{{count}} subnets',
      flowLogs: 'Flow logs',
      flowLogsOn: 'On',
      flowLogsOff: 'Off: no flow log captures this VPC’s traffic',
      defaultVpc: 'Default VPC',
      linksTitle: 'Peering and transit-gateway links',
      linksEmpty:
        'This VPC has no peering connection and no transit-gateway attachment: nothing else can reach it over the AWS network.',
      linkPeering: 'Peering {{id}} ({{status}})',
      linkTransitGateway: 'Transit gateway attachment {{id}} ({{status}})',
      thisVpc: 'This VPC',
      peerVpc: 'Peered VPC',
      transitGateway: 'Transit gateway',
      edgePeering: 'peering, {{status}}',
      edgeTransitGateway: 'attachment, {{status}}',
      otherAccount: 'account {{accountId}}',
      unknownVpc: 'not in the landing zone',
      graphLabel: 'Links of this VPC to other VPCs and transit gateways',
    },
    vpcTable: {
      vpc: 'VPC',
      region: 'Region',
      cidrs: 'CIDR',
      tiers: 'Tiers (public / private / isolated)',
      flowLogs: 'Flow logs',
      links: 'Links',
    },
    group: {
      title: 'Our AWS accounts',
      empty:
        'This team owns no AWS account. Accounts name their owner with the owner tag.',
      account: 'Account',
      compliance: 'Compliance',
      failing_one: '{{count}} failing guardrail',
      failing_other: '{{count}} failing guardrails',
    },
  },
  translations: {
    ja: () => import('./translations/ja'),
  },
});
