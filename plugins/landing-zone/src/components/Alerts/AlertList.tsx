import {
  useAppSearchParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { Alert, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import type {
  AlertKind,
  AlertRecord,
  AlertsQuery,
  Page,
} from '@internal/plugin-landing-zone-common';
import { type ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneAlertsTranslationRef } from '../../alertsTexts';
import { CursorPager, ErrorState, LoadingRows } from '../common';
import { AlertTable } from './AlertTable';
import styles from './Alerts.module.css';

const PAGE_SIZE = 25;

export const ALERT_KINDS: AlertKind[] = [
  'regression',
  'recovery',
  'stale',
  'new-account',
  'root-activity',
];

const isKind = (value: string | null): value is AlertKind =>
  ALERT_KINDS.includes(value as AlertKind);

/**
 * A card of alerts, newest first, paged on the server, with the kind filter
 * in the URL (`?kind=`) so a filtered view can be shared.
 */
export function AlertList(props: {
  title: ReactNode;
  intro: string;
  /** Reads a page; its identity changes when what it reads changes. */
  load: (query: AlertsQuery) => Promise<Page<AlertRecord>>;
  showAccount: boolean;
  scanLink?: (scanId: string) => string;
  /** What an empty list says when no kind is picked. */
  empty: { title: string; body: string };
  /** Above the list, e.g. the way back from one scan to all alerts. */
  actions?: ReactNode;
  /** A state of its own for some errors; others show what failed, with a retry. */
  errorState?: (error: Error) => JSX.Element | undefined;
}) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const [params, setParams] = useAppSearchParams();
  const kindParam = params.get('kind');
  const kind = isKind(kindParam) ? kindParam : undefined;
  // The cursors of the pages before this one, so "Previous page" goes back one.
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const cursor = cursors[cursors.length - 1];
  const { load } = props;
  const { value, loading, error, retry } = useAsyncRetry(
    () => load({ kind, cursor, limit: PAGE_SIZE }),
    [load, kind, cursor],
  );

  const setKind = (next: string) => {
    setCursors([]);
    setParams(previous => {
      const search = new URLSearchParams(previous);
      if (next) search.set('kind', next);
      else search.delete('kind');
      return search;
    });
  };

  let body: JSX.Element;
  if (loading && !value) body = <LoadingRows rows={6} />;
  else if (error) {
    body = props.errorState?.(error) ?? (
      <ErrorState error={error} onRetry={retry} />
    );
  } else if (!value?.items.length) {
    body = kind ? (
      <Alert
        status="info"
        icon
        title={t('empty.kindTitle')}
        description={t('empty.kindBody')}
      />
    ) : (
      <Alert
        status="info"
        icon
        title={props.empty.title}
        description={props.empty.body}
      />
    );
  } else {
    body = (
      <>
        <AlertTable
          alerts={value.items}
          showAccount={props.showAccount}
          scanLink={props.scanLink}
        />
        <CursorPager
          count={t('count', { count: value.totalCount })}
          cursor={cursor}
          nextCursor={value.nextCursor}
          onCursor={next =>
            setCursors(
              next === undefined ? cursors.slice(0, -1) : [...cursors, next],
            )
          }
        />
      </>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Flex direction="column" gap="2">
          <Flex justify="between" align="center" gap="4">
            <Text as="h2" variant="title-small">
              {props.title}
            </Text>
            <label className={styles.filter}>
              <Text variant="body-small" color="secondary">
                {t('filter.label')}
              </Text>
              <select
                value={kind ?? ''}
                onChange={e => setKind(e.target.value)}
              >
                <option value="">{t('filter.all')}</option>
                {ALERT_KINDS.map(k => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          </Flex>
          <Text color="secondary">{props.intro}</Text>
          {props.actions}
        </Flex>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
