import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The texts of the Alerts page (/landing-zone/alerts) and of the Alerts tab of
 * aws-account entities, in English; Japanese in ./translations/alertsJa.
 *
 * @public
 */
export const landingZoneAlertsTranslationRef = createTranslationRef({
  id: 'plugin.landing-zone.alerts',
  messages: {
    page: {
      title: 'Alerts',
      intro:
        'What the scans turned around, newest first: each alert as it was told to the teams that own the accounts through the notifications.',
    },
    tab: {
      title: 'Alerts',
      intro:
        "This account's alerts, newest first, as they were told to the teams that own it.",
    },
    kinds: {
      regression: 'Regression',
      recovery: 'Recovery',
      stale: 'No longer read',
      'new-account': 'New account outside the known OUs',
      'root-activity': 'Root user activity',
    },
    filter: {
      label: 'Kind',
      all: 'All kinds',
    },
    columns: {
      when: 'When',
      what: 'What',
      account: 'Account',
      details: 'Details',
      sentTo: 'Sent to',
    },
    details: {
      regression: 'passed, now fails',
      recovery: 'passes again',
      staleReason: 'The scan could not read it: {{reason}}',
      staleNoReason: 'The scan could not read it',
      newAccount: 'First seen in {{ouPath}}, outside the known OUs',
      showEvidence: 'Evidence on its Guardrails tab',
    },
    events: {
      label: "The root user's events",
      time: 'Time',
      name: 'Event',
      region: 'Region',
      sourceIp: 'Source IP',
      global: 'global',
    },
    delivery: {
      sent: 'Sent',
      waiting:
        'Not sent yet: waiting for the end of quiet hours (or the next try)',
      nobody: 'No one to tell',
    },
    scan: {
      title: 'Alerts of scan {{scanId}}',
      all: 'All alerts',
      link: "This scan's alerts",
    },
    count_one: '{{count}} alert',
    count_other: '{{count}} alerts',
    empty: {
      title: 'No alerts yet',
      body: "After each scan this page lists what the scan turned around: a guardrail that went from pass to fail (a regression) and back (a recovery), an account the scan could no longer read, a new account outside the known OUs, and the root user's activity. Each alert is also sent to the owning team (and the security team when it is severe) as a notification.",
      kindTitle: 'No alert of this kind',
      kindBody: 'Pick "All kinds" to see every alert.',
      scanTitle: 'Nothing to tell from this scan',
      scanBody:
        'The scan turned nothing around among the accounts you may see.',
      accountTitle: 'No alerts for this account yet',
      accountBody:
        "An alert is listed here after a scan finds one of this account's guardrails going from pass to fail (or back), cannot read the account any more, or sees the root user's activity in it.",
    },
  },
  translations: {
    ja: () => import('./translations/alertsJa'),
  },
});
