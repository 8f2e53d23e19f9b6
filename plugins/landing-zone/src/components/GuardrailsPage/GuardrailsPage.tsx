import {
  useApi,
  useAppSearchParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type {
  GuardrailConfiguration,
  GuardrailDefinition,
  GuardrailStatus,
  PostureSummary,
} from '@internal/plugin-landing-zone-common';
import {
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiQuestionFill,
  RiSubtractLine,
} from '@remixicon/react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import {
  capitalised,
  CursorPager,
  ErrorState,
  EvidenceLines,
  GuardrailScopeFields,
  isSwitchedOff,
  LoadingRows,
  RelativeTime,
  StatusBadge,
  useScopeText,
} from '../common';
import styles from '../Posture/Posture.module.css';
import { TrendChart } from '../Posture/TrendChart';

const TREND_DAYS = 30;

/**
 * A switched-off guardrail has no verdicts: said so instead of the green mark
 * an empty count would show, and listed last.
 */
function GuardrailList(props: {
  checks: PostureSummary['checks'];
  definitions: Map<string, GuardrailDefinition>;
  configuration?: GuardrailConfiguration;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const textOf = useGuardrailText();
  const scopeText = useScopeText();
  const off = (id: string) => isSwitchedOff(id, props.configuration);
  const checks = [...props.checks].sort(
    (a, b) =>
      Number(off(a.id)) - Number(off(b.id)) ||
      b.failing - a.failing ||
      b.unknown - a.unknown,
  );
  return (
    <nav aria-label={t('guardrailView.title')}>
      <ul className={styles.tree}>
        {checks.map(check => {
          const definition = props.definitions.get(check.id);
          const title = definition ? textOf(definition).title : check.title;
          const switchedOff = off(check.id);
          let status: GuardrailStatus = 'pass';
          if (check.failing) status = 'fail';
          else if (check.unknown) status = 'unknown';
          // Only where the configuration narrows it: "every account" is the rule.
          const scoped =
            definition &&
            !switchedOff &&
            scopeText.isScoped(definition, props.configuration)
              ? capitalised(scopeText.where(definition, props.configuration))
              : undefined;
          return (
            <li key={check.id}>
              <button
                type="button"
                className={`${styles.treeItem} ${
                  props.selected === check.id ? styles.treeItemSelected : ''
                }`}
                aria-pressed={props.selected === check.id}
                onClick={() => props.onSelect(check.id)}
              >
                <span>
                  {title}
                  {scoped && (
                    <Text
                      as="span"
                      variant="body-small"
                      color="secondary"
                      className={styles.scopeLine}
                    >
                      {scoped}
                    </Text>
                  )}
                </span>
                {switchedOff ? (
                  <span className={`${styles.none} ${styles.counts}`}>
                    <RiSubtractLine size={16} aria-hidden />
                    {t('scope.off')}
                  </span>
                ) : (
                  <span
                    className={`${styles[status]} ${styles.counts}`}
                    title={t('guardrailView.counts', {
                      failing: String(check.failing),
                      unknown: String(check.unknown),
                      passing: String(check.passing),
                    })}
                  >
                    {status === 'pass' ? (
                      <RiCheckboxCircleFill size={16} aria-hidden />
                    ) : (
                      <>
                        {check.failing > 0 && (
                          <span className={styles.fail}>
                            <RiCloseCircleFill size={16} aria-hidden />
                            {check.failing}
                          </span>
                        )}{' '}
                        {check.unknown > 0 && (
                          <span className={styles.unknown}>
                            <RiQuestionFill size={16} aria-hidden />
                            {check.unknown}
                          </span>
                        )}
                      </>
                    )}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function AccountsOn(props: {
  checkId: string;
  status: GuardrailStatus;
  title: string;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const linkTo = useEntityRefLink();
  const [cursor, setCursor] = useState<string | undefined>();
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.listGuardrailAccounts(props.checkId, {
        status: props.status,
        cursor,
        limit: 50,
      }),
    [api, props.checkId, props.status, cursor],
  );
  let body: JSX.Element;
  if (loading && !value) body = <LoadingRows rows={3} />;
  else if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (!value?.items.length)
    body = <Text color="secondary">{t('guardrailView.noFailing')}</Text>;
  else
    body = (
      <>
        <table className={styles.matrix} aria-label={props.title}>
          <thead>
            <tr>
              <th className={styles.accountCell}>{t('matrix.account')}</th>
              <th>{t('guardrailView.owner')}</th>
              <th>{t('guardrailView.since')}</th>
              <th>{t('guardrailTable.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {value.items.map(item => {
              const page = linkTo({
                kind: 'resource',
                namespace: 'default',
                name: `aws-account-${item.account.id}`,
              });
              return (
                <tr key={item.account.id} data-status={item.status}>
                  <th scope="row" className={styles.accountCell}>
                    <Link href={`${page}/guardrails`}>{item.account.name}</Link>
                    <div className={styles.mono}>{item.account.id}</div>
                    <Text variant="body-small" color="secondary">
                      {item.account.ouPath}
                    </Text>
                  </th>
                  <td>{item.account.owner ?? ''}</td>
                  <td>
                    <RelativeTime value={item.since} />
                  </td>
                  <td>
                    <EvidenceLines evidence={item.evidence} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <CursorPager
          count={t('matrix.count', { count: value.totalCount })}
          cursor={cursor}
          nextCursor={value.nextCursor}
          onCursor={setCursor}
        />
      </>
    );
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-x-small">
          {props.title}
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}

function GuardrailDetail(props: {
  checkId: string;
  configuration?: GuardrailConfiguration;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const textOf = useGuardrailText();
  const [exporting, setExporting] = useState(false);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [details, trend] = await Promise.all([
      api.getGuardrail(props.checkId),
      api
        .getPostureTrend({ check: props.checkId, days: TREND_DAYS })
        .catch(e => {
          // History is kept for the whole estate: those who see only their
          // team's accounts are not shown it (403), the rest still is.
          if (e instanceof ResponseError && e.response.status === 403) {
            return undefined;
          }
          throw e;
        }),
    ]);
    return { details, trend };
  }, [api, props.checkId]);

  if (loading && !value) return <LoadingRows rows={6} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!value?.details) {
    return (
      <Alert
        status="warning"
        icon
        title={t('guardrailView.notFound', { id: props.checkId })}
      />
    );
  }
  const { definition, counts } = value.details;
  const text = textOf(definition);
  const switchedOff = isSwitchedOff(definition.id, props.configuration);
  // With no verdict at all (no account in its scope), a green mark would claim a pass.
  const judgedAnywhere = counts.failing + counts.unknown + counts.passing > 0;
  // As an account's compliance: one failure fails it, else one unknown leaves it unknown.
  let overall: GuardrailStatus = 'pass';
  if (counts.failing) overall = 'fail';
  else if (counts.unknown) overall = 'unknown';
  const controls = [
    ...(definition.controls.securityHub ?? []).map(id => `Security Hub ${id}`),
    ...(definition.controls.cis ?? []).map(id => `CIS ${id}`),
  ];
  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await api.exportMatrixCsv({
        check: props.checkId,
        status: 'fail',
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `landing-zone-${props.checkId}-failing.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  };
  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Flex justify="between" align="center">
            <Text as="h2" variant="title-small">
              {text.title}
            </Text>
            <Button
              size="small"
              variant="secondary"
              onPress={exportCsv}
              isPending={exporting}
            >
              {t('matrix.exportCsv')}
            </Button>
          </Flex>
        </CardHeader>
        <CardBody>
          <Flex direction="column" gap="2">
            <Flex gap="3" align="center">
              {switchedOff ? (
                <Text weight="bold" className={styles.none}>
                  {t('scope.off')}
                </Text>
              ) : (
                judgedAnywhere && <StatusBadge status={overall} />
              )}
              <Text>
                {t('guardrailView.counts', {
                  failing: String(counts.failing),
                  unknown: String(counts.unknown),
                  passing: String(counts.passing),
                })}
              </Text>
            </Flex>
            <Text variant="body-small" color="secondary">
              {`${t(`severity.${definition.severity}`)} · ${t(
                `category.${definition.category}`,
              )}`}
            </Text>
            <GuardrailScopeFields
              definition={definition}
              configuration={props.configuration}
            />
            <Text as="h3" variant="title-x-small">
              {t('guardrailView.what')}
            </Text>
            <Text as="p">{text.description}</Text>
            <Text as="h3" variant="title-x-small">
              {t('guardrailTable.remediation')}
            </Text>
            <Text as="p">{text.remediation}</Text>
            <Text as="h3" variant="title-x-small">
              {t('guardrailView.controls')}
            </Text>
            <Text as="p" className={styles.mono}>
              {controls.length
                ? controls.join(', ')
                : t('guardrailTable.noControls')}
            </Text>
          </Flex>
        </CardBody>
      </Card>
      <AccountsOn
        checkId={props.checkId}
        status="fail"
        title={t('guardrailView.failingAccounts')}
      />
      {counts.unknown > 0 && (
        <AccountsOn
          checkId={props.checkId}
          status="unknown"
          title={t('guardrailView.unknownAccounts')}
        />
      )}
      <Card>
        <CardHeader>
          <Text as="h3" variant="title-x-small">
            {t('guardrailView.trend', { days: String(TREND_DAYS) })}
          </Text>
        </CardHeader>
        <CardBody>
          {value.trend ? (
            <TrendChart points={value.trend.items} />
          ) : (
            <Alert
              status="info"
              icon
              title={t('guardrailView.trendNotPermitted')}
            />
          )}
        </CardBody>
      </Card>
    </Flex>
  );
}

/**
 * Guardrails, failing first; the one picked (`?check=` in the URL) with what
 * it checks, its controls, and the accounts that fail it with evidence.
 */
export function GuardrailsPage() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const [params, setParams] = useAppSearchParams();
  const selected = params.get('check') ?? undefined;
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [posture, guardrails] = await Promise.all([
      api.getPosture({ days: 1 }),
      api.listGuardrails(),
    ]);
    return {
      checks: posture.checks,
      definitions: new Map(guardrails.items.map(d => [d.id, d])),
      configuration: guardrails.configuration,
    };
  }, [api]);

  if (loading && !value) return <LoadingRows rows={12} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!value) return null;
  return (
    <div className={styles.layout}>
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            {t('guardrailView.title')}
          </Text>
        </CardHeader>
        <CardBody>
          <GuardrailList
            checks={value.checks}
            definitions={value.definitions}
            configuration={value.configuration}
            selected={selected}
            onSelect={id => setParams({ check: id })}
          />
        </CardBody>
      </Card>
      {selected ? (
        <GuardrailDetail
          checkId={selected}
          configuration={value.configuration}
        />
      ) : (
        <Alert status="info" icon title={t('guardrailView.pick')} />
      )}
    </div>
  );
}
