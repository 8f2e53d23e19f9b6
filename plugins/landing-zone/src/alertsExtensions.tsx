import { SubPageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { landingZoneAlertsTranslationRef } from './alertsTexts';
import { isAwsAccount } from './components/common/annotations';

/**
 * What the scans turned around and whom it was told: `/landing-zone/alerts`,
 * where a notification about several accounts leads (`?scan=<id>`).
 */
export const alertsSubPage = SubPageBlueprint.make({
  name: 'alerts',
  params: {
    path: 'alerts',
    title: landingZoneAlertsTranslationRef('page.title'),
    loader: () => import('./components/Alerts').then(m => <m.AlertsPage />),
  },
});

/** An aws-account's alert history: its Alerts tab. */
export const accountAlertsContent = EntityContentBlueprint.make({
  name: 'account-alerts',
  params: {
    path: '/alerts',
    title: landingZoneAlertsTranslationRef('tab.title'),
    filter: isAwsAccount,
    loader: () => import('./components/Alerts').then(m => <m.AccountAlerts />),
  },
});
