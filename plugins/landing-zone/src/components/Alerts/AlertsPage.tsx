import {
  useApi,
  useAppSearchParams,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { Link } from '@backstage/ui';
import type { AlertsQuery } from '@internal/plugin-landing-zone-common';
import { useCallback } from 'react';
import { landingZoneAlertsTranslationRef } from '../../alertsTexts';
import { landingZoneApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { AlertList } from './AlertList';

/**
 * `/landing-zone/alerts`: every alert of the accounts the reader may see,
 * newest first; `?scan=<id>` (where a notification about several accounts
 * leads) narrows it to one scan's.
 */
export function AlertsPage() {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const api = useApi(landingZoneApiRef);
  const [params] = useAppSearchParams();
  const scanId = params.get('scan') || undefined;
  const alertsPath = `${
    useRouteRef(rootRouteRef)?.() ?? '/landing-zone'
  }/alerts`;
  const load = useCallback(
    (query: AlertsQuery) => api.listAlerts({ ...query, scanId }),
    [api, scanId],
  );
  return (
    <AlertList
      // A new scan filter starts at the first page.
      key={scanId ?? ''}
      title={scanId ? t('scan.title', { scanId }) : t('page.title')}
      intro={t('page.intro')}
      load={load}
      showAccount
      scanLink={
        scanId
          ? undefined
          : id => `${alertsPath}?scan=${encodeURIComponent(id)}`
      }
      empty={
        scanId
          ? { title: t('empty.scanTitle'), body: t('empty.scanBody') }
          : { title: t('empty.title'), body: t('empty.body') }
      }
      actions={
        scanId ? (
          <Link href={alertsPath}>{`← ${t('scan.all')}`}</Link>
        ) : undefined
      }
    />
  );
}
