import {
  createFrontendPlugin,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { RiShieldCheckLine } from '@remixicon/react';
import { rootRouteRef } from './routes';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { accountAlertsContent, alertsSubPage } from './alertsExtensions';
import { landingZoneApi, landingZoneVendingApi } from './api';
import { isAwsAccount, isAwsVpc } from './components/common/annotations';
import { landingZoneTranslationRef } from './translation';

/** The Landing Zone page in the sidebar: the estate's posture. */
const landingZonePage = PageBlueprint.make({
  params: {
    path: '/landing-zone',
    routeRef: rootRouteRef,
    title: landingZoneTranslationRef('page.title'),
    icon: <RiShieldCheckLine />,
  },
});

const postureSubPage = SubPageBlueprint.make({
  name: 'posture',
  params: {
    path: 'posture',
    title: landingZoneTranslationRef('page.posture'),
    loader: () => import('./components/Posture').then(m => <m.PosturePage />),
  },
});

const guardrailsSubPage = SubPageBlueprint.make({
  name: 'guardrails',
  params: {
    path: 'guardrails',
    title: landingZoneTranslationRef('page.guardrails'),
    loader: () =>
      import('./components/GuardrailsPage').then(m => <m.GuardrailsPage />),
  },
});

/** Account requests, from pull request to compliant account. */
const requestsSubPage = SubPageBlueprint.make({
  name: 'requests',
  params: {
    path: 'requests',
    title: landingZoneTranslationRef('page.requests'),
    loader: () =>
      import('./components/AccountRequests').then(m => (
        <m.AccountRequestsPage />
      )),
  },
});

/** A policy change tried before it lands: what it does to every account. */
const whatIfSubPage = SubPageBlueprint.make({
  name: 'what-if',
  params: {
    path: 'what-if',
    title: landingZoneTranslationRef('page.whatIf'),
    loader: () =>
      import('./components/PolicyWhatIf').then(m => <m.PolicyWhatIfPage />),
  },
});

/** Guardrails, verdicts and evidence: the Guardrails tab of an aws-account. */
const accountGuardrailsContent = EntityContentBlueprint.make({
  name: 'account-guardrails',
  params: {
    path: '/guardrails',
    title: landingZoneTranslationRef('tabs.guardrails'),
    filter: isAwsAccount,
    loader: () =>
      import('./components/AccountGuardrails').then(m => (
        <m.AccountGuardrails />
      )),
  },
});

/** The verdict at a glance on an aws-account's overview. */
const accountOverviewCard = EntityCardBlueprint.make({
  name: 'account-summary',
  params: {
    filter: isAwsAccount,
    loader: () =>
      import('./components/AccountGuardrails').then(m => (
        <m.AccountOverviewCard />
      )),
  },
});

/** CIDRs, tiers, flow logs and links: the Network tab of an aws-vpc. */
const vpcNetworkContent = EntityContentBlueprint.make({
  name: 'vpc-network',
  params: {
    path: '/network',
    title: landingZoneTranslationRef('tabs.network'),
    filter: isAwsVpc,
    loader: () => import('./components/VpcNetwork').then(m => <m.VpcNetwork />),
  },
});

/** "Our AWS accounts" on Group pages. */
const groupAccountsCard = EntityCardBlueprint.make({
  name: 'group-accounts',
  params: {
    filter: 'kind:group',
    type: 'content',
    loader: () =>
      import('./components/GroupAccounts').then(m => <m.GroupAccounts />),
  },
});

/** The target OU of an account request, from the live organisation. */
const ouPickerField = FormFieldBlueprint.make({
  name: 'ou-picker',
  params: {
    field: () => import('./components/FormFields').then(m => m.ouPickerField),
  },
});

/** An existing account for a service stack; prod only when compliant. */
const accountPickerField = FormFieldBlueprint.make({
  name: 'account-picker',
  params: {
    field: () =>
      import('./components/FormFields').then(m => m.accountPickerField),
  },
});

/** The regions a new account may use: those its OU's policies allow. */
const regionPickerField = FormFieldBlueprint.make({
  name: 'region-picker',
  params: {
    field: () =>
      import('./components/FormFields').then(m => m.regionPickerField),
  },
});

/** The VPC block a request would get now, shown before it is made. */
const cidrPreviewField = FormFieldBlueprint.make({
  name: 'cidr-preview',
  params: {
    field: () =>
      import('./components/FormFields').then(m => m.cidrPreviewField),
  },
});

/** An account name, checked as it is typed: valid and free. */
const accountNameField = FormFieldBlueprint.make({
  name: 'account-name',
  params: {
    field: () =>
      import('./components/FormFields').then(m => m.accountNameField),
  },
});

/** A root email address, checked as it is typed: valid and free. */
const rootEmailField = FormFieldBlueprint.make({
  name: 'root-email',
  params: {
    field: () => import('./components/FormFields').then(m => m.rootEmailField),
  },
});

/** An existing SCP or RCP and its edited document, for a policy-change template. */
const policyEditorField = FormFieldBlueprint.make({
  name: 'policy-editor',
  params: {
    field: () =>
      import('./components/FormFields').then(m => m.policyEditorField),
  },
});

/**
 * The Landing Zone Portal's frontend: guardrails on AWS account pages, the
 * network of VPC pages, and the accounts a team owns on its Group page.
 *
 * @public
 */
export const landingZonePlugin = createFrontendPlugin({
  pluginId: 'landing-zone',
  title: 'Landing Zone',
  icon: <RiShieldCheckLine />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    landingZoneApi,
    landingZoneVendingApi,
    landingZonePage,
    postureSubPage,
    guardrailsSubPage,
    requestsSubPage,
    whatIfSubPage,
    alertsSubPage,
    accountGuardrailsContent,
    accountAlertsContent,
    accountOverviewCard,
    vpcNetworkContent,
    groupAccountsCard,
    ouPickerField,
    accountPickerField,
    regionPickerField,
    cidrPreviewField,
    accountNameField,
    rootEmailField,
    policyEditorField,
  ],
});
