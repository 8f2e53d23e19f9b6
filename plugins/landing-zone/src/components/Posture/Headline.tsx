import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert, Button, Card, CardBody, Flex, Text } from '@backstage/ui';
import {
  landingZoneScanCreatePermission,
  type ComplianceCounts,
  type PostureSummary,
  type ScanRun,
} from '@internal/plugin-landing-zone-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';
import { ResponseError } from '@backstage/errors';
import { useCallback, useEffect, useState } from 'react';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { RelativeTime } from '../common';
import styles from './Posture.module.css';

function Figure(props: {
  label: string;
  /** The figure's test id, by default its label. */
  testId?: string;
  value: string;
  detail?: string;
  tone?: 'pass' | 'fail' | 'unknown';
}) {
  return (
    <div
      className={styles.figure}
      data-testid={`figure-${props.testId ?? props.label}`}
    >
      <Text variant="body-small" color="secondary">
        {props.label}
      </Text>
      <span
        className={`${styles.figureValue} ${
          props.tone ? styles[props.tone] : ''
        }`}
      >
        {props.value}
      </span>
      {props.detail && (
        <Text variant="body-small" color="secondary">
          {props.detail}
        </Text>
      )}
    </div>
  );
}

/** The last scan, and while one runs a bar that moves; "Scan now". */
export function ScanStatus(props: {
  scan?: ScanRun;
  onStarted: (scan: ScanRun) => void;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const [message, setMessage] = useState<
    { status: 'info' | 'warning' | 'danger'; text: string } | undefined
  >();
  const [starting, setStarting] = useState(false);
  const { scan } = props;
  // Those who may not scan see why instead of a button that answers 403.
  const permissionApi = useApi(permissionApiRef);
  const { value: mayScan, loading: checking } = useAsync(
    async () =>
      (
        await permissionApi.authorize({
          permission: landingZoneScanCreatePermission,
        })
      ).result === AuthorizeResult.ALLOW,
    [permissionApi],
  );

  const start = async () => {
    setStarting(true);
    setMessage(undefined);
    try {
      props.onStarted(await api.startScan());
      setMessage({ status: 'info', text: t('headline.scanStarted') });
    } catch (error) {
      const status =
        error instanceof ResponseError ? error.response.status : undefined;
      if (status === 409) {
        setMessage({ status: 'info', text: t('headline.scanAlreadyRunning') });
      } else if (status === 403) {
        setMessage({ status: 'warning', text: t('headline.scanNotPermitted') });
      } else {
        setMessage({ status: 'danger', text: (error as Error).message });
      }
    } finally {
      setStarting(false);
    }
  };

  let line: JSX.Element;
  if (!scan) {
    line = <Text color="secondary">{t('headline.noScan')}</Text>;
  } else if (scan.state === 'running') {
    line = (
      <Flex direction="column" gap="1">
        <Text>
          {t('headline.scanRunning', {
            done: String(scan.accountsDone),
            total: String(scan.accountsTotal),
          })}
        </Text>
        <progress
          className={styles.progress}
          max={Math.max(scan.accountsTotal, 1)}
          value={scan.accountsDone}
          aria-label={t('headline.scanState.running')}
        />
      </Flex>
    );
  } else {
    const seconds = scan.finishedAt
      ? Math.max(
          0,
          Math.round(
            (Date.parse(scan.finishedAt) - Date.parse(scan.startedAt)) / 1000,
          ),
        )
      : undefined;
    const state =
      scan.state === 'partial'
        ? t('headline.scanState.partial', {
            count: scan.accountsFailed,
          })
        : t(`headline.scanState.${scan.state}`);
    line = (
      <Text>
        <RelativeTime value={scan.finishedAt ?? scan.startedAt} />
        {seconds !== undefined &&
          ` (${t('headline.scanDuration', { seconds: String(seconds) })})`}
        {` · ${state}`}
      </Text>
    );
  }

  return (
    <Flex direction="column" gap="2">
      <Text variant="body-small" color="secondary">
        {t('headline.lastScan')}
      </Text>
      {line}
      {mayScan && (
        <div>
          <Button
            size="small"
            variant="secondary"
            onPress={start}
            isPending={starting}
            isDisabled={scan?.state === 'running'}
          >
            {t('headline.scanNow')}
          </Button>
        </div>
      )}
      {!mayScan && !checking && (
        <Text variant="body-small" color="secondary">
          {t('headline.scanNotPermitted')}
        </Text>
      )}
      {message && <Alert status={message.status} title={message.text} />}
    </Flex>
  );
}

/**
 * Accounts and compliant share of `counts`; with `failingChecks`, also the
 * guardrails failing and the unknown accounts. `testIdPrefix` tells two sets
 * on one page apart.
 */
function Figures(props: {
  counts: ComplianceCounts;
  failingChecks?: number;
  testIdPrefix?: string;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { counts, failingChecks } = props;
  const judged = counts.compliant + counts.nonCompliant + counts.unknown;
  const share = judged ? Math.round((counts.compliant / judged) * 100) : 0;
  const id = (label: string) =>
    props.testIdPrefix ? `${props.testIdPrefix}-${label}` : undefined;
  return (
    <div className={styles.figures}>
      <Figure
        label={t('headline.accounts')}
        testId={id('Accounts')}
        value={String(judged)}
      />
      <Figure
        label={t('headline.compliant')}
        testId={id('Compliant')}
        value={`${share} %`}
        detail={`${counts.compliant} / ${judged}`}
        tone={share === 100 ? 'pass' : 'fail'}
      />
      {failingChecks !== undefined && (
        <>
          <Figure
            label={t('headline.failingGuardrails')}
            value={String(failingChecks)}
            detail={t('headline.failingAccounts', {
              count: counts.nonCompliant,
            })}
            tone={failingChecks ? 'fail' : 'pass'}
          />
          <Figure
            label={t('headline.unknownAccounts')}
            value={String(counts.unknown)}
            tone={counts.unknown ? 'unknown' : undefined}
          />
        </>
      )}
    </div>
  );
}

/**
 * The answer first: accounts, compliant share, failing guardrails. A person
 * who may read only some accounts (`visibility: limited`) sees these for
 * their own accounts (`own`: the compliance of the OU tree's root, counted
 * from those) and, apart, the organisation's totals.
 */
export function Headline(props: {
  posture: PostureSummary;
  own?: ComplianceCounts;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { organization, checks } = props.posture;
  const failingChecks = checks.filter(c => c.failing > 0).length;
  if (props.posture.visibility !== 'limited') {
    return <Figures counts={organization} failingChecks={failingChecks} />;
  }
  return (
    <Flex direction="column" gap="3">
      <section aria-label={t('headline.yours')}>
        <Text as="h2" variant="title-x-small">
          {t('headline.yours')}
        </Text>
        <Figures
          counts={props.own ?? { compliant: 0, nonCompliant: 0, unknown: 0 }}
          failingChecks={failingChecks}
        />
      </section>
      <section aria-label={t('headline.organization')}>
        <Text as="h2" variant="title-x-small">
          {t('headline.organization')}
        </Text>
        <Text variant="body-small" color="secondary">
          {t('headline.limitedNote')}
        </Text>
        <Figures counts={organization} testIdPrefix="org" />
      </section>
    </Flex>
  );
}

/**
 * The latest scan, polled every 2 s while it runs; calls `onFinished` when a
 * running scan ends so the figures can reload.
 */
export function useLatestScan(onFinished: () => void) {
  const api = useApi(landingZoneApiRef);
  const [scan, setScan] = useState<ScanRun | undefined>();
  const [error, setError] = useState<Error | undefined>();

  const load = useCallback(async () => {
    try {
      const page = await api.listScans({ limit: 1 });
      const latest = page.items[0];
      setScan(previous => {
        if (previous?.state === 'running' && latest?.state !== 'running') {
          onFinished();
        }
        return latest;
      });
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  }, [api, onFinished]);

  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (scan?.state !== 'running') return undefined;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [scan?.state, load]);

  return { scan, error, setScan };
}

export function HeadlineCard(props: {
  posture: PostureSummary;
  own?: ComplianceCounts;
  scan?: ScanRun;
  onStarted: (scan: ScanRun) => void;
}) {
  return (
    <Card>
      <CardBody>
        <Flex gap="6" justify="between" align="start">
          <div className={styles.headMain}>
            <Headline posture={props.posture} own={props.own} />
          </div>
          <div className={styles.headSide}>
            <ScanStatus scan={props.scan} onStarted={props.onStarted} />
          </div>
        </Flex>
      </CardBody>
    </Card>
  );
}
