import {
  appLanguageApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { Badge, Link, Text } from '@backstage/ui';
import type {
  AlertKind,
  AlertRecord,
  GuardrailSeverity,
} from '@internal/plugin-landing-zone-common';
import {
  RiAddCircleFill,
  RiArrowDownCircleFill,
  RiCheckboxCircleFill,
  RiErrorWarningFill,
  RiTimeFill,
  RiUserStarFill,
} from '@remixicon/react';
import { useObservable } from 'react-use';
import { landingZoneAlertsTranslationRef } from '../../alertsTexts';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import { CopyableId, RelativeTime } from '../common';
import styles from './Alerts.module.css';

const kindIcon: Record<AlertKind, typeof RiTimeFill> = {
  regression: RiArrowDownCircleFill,
  recovery: RiCheckboxCircleFill,
  stale: RiTimeFill,
  'new-account': RiAddCircleFill,
  'root-activity': RiUserStarFill,
};

/** The account's entity page, on the tab with its guardrails' evidence. */
function useGuardrailsTab() {
  const linkTo = useEntityRefLink();
  return (accountId: string) =>
    `${linkTo({
      kind: 'resource',
      namespace: 'default',
      name: `aws-account-${accountId}`,
    })}/guardrails`;
}

/** What happened, as icon and words, with its severity. */
function What(props: { kind: AlertKind; severity: GuardrailSeverity }) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const { t: tc } = useTranslationRef(landingZoneTranslationRef);
  const Icon = kindIcon[props.kind];
  return (
    <div className={styles.what}>
      <span className={`${styles.kind} ${styles[`kind-${props.kind}`]}`}>
        <Icon size={18} aria-hidden />
        {t(`kinds.${props.kind}`)}
      </span>
      <Badge
        size="small"
        className={styles[`severity-${props.severity}`]}
        data-severity={props.severity}
        icon={
          props.severity === 'critical' || props.severity === 'high' ? (
            <RiErrorWarningFill aria-hidden />
          ) : undefined
        }
      >
        {tc(`severity.${props.severity}`)}
      </Badge>
    </div>
  );
}

/** An event's time as the reader's clock says it; that is what is compared with other logs. */
function EventTime(props: { value: string }) {
  const languageApi = useApi(appLanguageApiRef);
  const { language } = useObservable(
    languageApi.language$(),
    languageApi.getLanguage(),
  );
  return (
    <time dateTime={props.value}>
      {new Date(props.value).toLocaleString(language)}
    </time>
  );
}

function RootEvents(props: { events: NonNullable<AlertRecord['events']> }) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  return (
    <table className={styles.events} aria-label={t('events.label')}>
      <thead>
        <tr>
          <th>{t('events.time')}</th>
          <th>{t('events.name')}</th>
          <th>{t('events.region')}</th>
          <th>{t('events.sourceIp')}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map(event => (
          <tr key={event.eventId}>
            <td>
              <EventTime value={event.eventTime} />
            </td>
            <td className={styles.mono}>{event.eventName}</td>
            <td>{event.region ?? t('events.global')}</td>
            <td className={styles.mono}>{event.sourceIpAddress ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the alert is about: the guardrail, why the account is stale, where it appeared, the events. */
function Details(props: { alert: AlertRecord }) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const textOf = useGuardrailText();
  const guardrailsTab = useGuardrailsTab();
  const { alert } = props;
  switch (alert.kind) {
    case 'regression':
    case 'recovery': {
      const checkId = alert.checkId ?? '';
      // Guardrails other modules add are not in the catalogue: their id.
      const title = textOf({
        id: checkId,
        title: checkId,
        description: '',
        remediation: '',
      }).title;
      return (
        <div>
          <Link
            href={guardrailsTab(alert.accountId)}
            title={t('details.showEvidence')}
          >
            {title}
          </Link>
          <Text as="div" variant="body-small" color="secondary">
            {t(`details.${alert.kind}`)}
          </Text>
        </div>
      );
    }
    case 'stale':
      return (
        <Text as="div" className={styles.wrap}>
          {alert.staleReason
            ? t('details.staleReason', { reason: alert.staleReason })
            : t('details.staleNoReason')}
        </Text>
      );
    case 'new-account':
      return (
        <Text as="div">
          {t('details.newAccount', { ouPath: alert.ouPath ?? 'Root' })}
        </Text>
      );
    case 'root-activity':
      return <RootEvents events={alert.events ?? []} />;
    default:
      return null;
  }
}

/** A group by its title where the catalog has one, linking to its page. */
function Recipient(props: { entityRef: string }) {
  const linkTo = useEntityRefLink();
  const { primaryTitle } = useEntityPresentation(props.entityRef, {
    defaultKind: 'group',
  });
  return <Link href={linkTo(props.entityRef)}>{primaryTitle}</Link>;
}

function Delivery(props: { alert: AlertRecord }) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const { recipients, notifiedAt } = props.alert;
  if (recipients.length === 0) {
    return <Text color="secondary">{t('delivery.nobody')}</Text>;
  }
  return (
    <div>
      <ul className={styles.recipients}>
        {recipients.map(ref => (
          <li key={ref}>
            <Recipient entityRef={ref} />
          </li>
        ))}
      </ul>
      <Text as="div" variant="body-small" color="secondary">
        {notifiedAt ? (
          <>
            {`${t('delivery.sent')} `}
            <RelativeTime value={notifiedAt} />
          </>
        ) : (
          t('delivery.waiting')
        )}
      </Text>
    </div>
  );
}

/**
 * Alerts as rows: when, what (with severity), the account, what it is about,
 * and to whom it was sent.
 */
export function AlertTable(props: {
  alerts: AlertRecord[];
  /** Off on an account's own tab, where every row is that account. */
  showAccount: boolean;
  /** Under each time, a link to the rest of that scan's alerts. */
  scanLink?: (scanId: string) => string;
}) {
  const { t } = useTranslationRef(landingZoneAlertsTranslationRef);
  const guardrailsTab = useGuardrailsTab();
  return (
    <table className={styles.table} aria-label={t('page.title')}>
      <thead>
        <tr>
          <th>{t('columns.when')}</th>
          <th>{t('columns.what')}</th>
          {props.showAccount && <th>{t('columns.account')}</th>}
          <th>{t('columns.details')}</th>
          <th>{t('columns.sentTo')}</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map(alert => (
          <tr key={alert.id} data-kind={alert.kind}>
            <td className={styles.when}>
              <RelativeTime value={alert.createdAt} />
              {props.scanLink && (
                <Text as="div" variant="body-small">
                  <Link href={props.scanLink(alert.scanId)}>
                    {t('scan.link')}
                  </Link>
                </Text>
              )}
            </td>
            <th scope="row">
              <What kind={alert.kind} severity={alert.severity} />
            </th>
            {props.showAccount && (
              <td>
                <Link href={guardrailsTab(alert.accountId)}>
                  {alert.accountName}
                </Link>
                <Text as="div" variant="body-small" color="secondary">
                  <CopyableId value={alert.accountId} />
                </Text>
              </td>
            )}
            <td>
              <Details alert={alert} />
            </td>
            <td>
              <Delivery alert={alert} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
