import { ResponseError } from '@backstage/errors';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { AlertsQuery } from '@internal/plugin-landing-zone-common';
import { useCallback } from 'react';
import { landingZoneAlertsTranslationRef } from '../../alertsTexts';
import { landingZoneApiRef } from '../../api';
import { AccountMissing } from '../AccountGuardrails/AccountGuardrails';
import { accountIdOf } from '../common';
import { AlertList } from './AlertList';

/** The Alerts tab of an aws-account entity: its alert history, newest first. */
export function AccountAlerts() {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const api = useApi(landingZoneApiRef);
  const { entity } = useEntity();
  const accountId = accountIdOf(entity);
  const load = useCallback(
    (query: AlertsQuery) => api.listAccountAlerts(accountId!, query),
    [api, accountId],
  );
  if (!accountId) return <AccountMissing />;
  return (
    <AlertList
      title={t('tab.title')}
      intro={t('tab.intro')}
      load={load}
      showAccount={false}
      empty={{ title: t('empty.accountTitle'), body: t('empty.accountBody') }}
      // No scan has seen the account (yet).
      errorState={error =>
        error instanceof ResponseError && error.statusCode === 404 ? (
          <AccountMissing accountId={accountId} />
        ) : undefined
      }
    />
  );
}
