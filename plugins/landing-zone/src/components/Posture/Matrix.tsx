import {
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { Button, Flex, Link, Text } from '@backstage/ui';
import {
  type AccountSummary,
  type GuardrailConfiguration,
  type GuardrailDefinition,
  type GuardrailStatus,
  type MatrixCell,
  notJudgedReason,
  type OrganizationTreeNode,
} from '@internal/plugin-landing-zone-common';
import {
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiQuestionFill,
  RiSubtractLine,
} from '@remixicon/react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import {
  AccountStateBadge,
  ErrorState,
  isJudged,
  isSwitchedOff,
  LoadingRows,
  StatusBadge,
  useScopeText,
} from '../common';
import { flattenOus } from './OuTree';
import styles from './Posture.module.css';
import { type FilterKey, usePostureQuery } from './usePostureQuery';

const PAGE_SIZE = 50;

const cellIcon = {
  pass: RiCheckboxCircleFill,
  fail: RiCloseCircleFill,
  unknown: RiQuestionFill,
};

/**
 * A verdict links to the evidence. No verdict is a dash that says why: the
 * configuration leaves the guardrail out of the account, or it has not been
 * evaluated (an account that is not active, a guardrail newer than the scan).
 */
function Cell(props: { cell?: MatrixCell; href: string; title: string }) {
  if (!props.cell) {
    return (
      <td className={`${styles.cell} ${styles.none}`}>
        <span role="img" aria-label={props.title} title={props.title}>
          <RiSubtractLine size={16} aria-hidden />
        </span>
      </td>
    );
  }
  const Icon = cellIcon[props.cell.status];
  return (
    <td className={styles.cell}>
      <Link href={props.href} title={props.title} aria-label={props.title}>
        <span className={styles[props.cell.status]}>
          <Icon size={18} data-status={props.cell.status} />
        </span>
      </Link>
    </td>
  );
}

function Filters(props: {
  root?: OrganizationTreeNode;
  /** The guardrails judged anywhere: switched-off ones have no verdict to filter by. */
  definitions: GuardrailDefinition[];
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const catalogApi = useApi(catalogApiRef);
  const textOf = useGuardrailText();
  const { query, setFilter, clear } = usePostureQuery();
  const [search, setSearch] = useState(query.q ?? '');
  const { value: owners } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'group' },
      fields: ['metadata.name', 'metadata.title'],
    });
    return items
      .map(g => ({ name: g.metadata.name, title: g.metadata.title }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [catalogApi]);

  const select = (
    key: FilterKey,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <label>
      {label}
      <select
        value={(query as Record<string, string | undefined>)[key] ?? ''}
        onChange={e => setFilter(key, e.target.value || undefined)}
        name={key}
      >
        <option value="">{t('matrix.any')}</option>
        {options.map(o => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  const statuses: GuardrailStatus[] = ['fail', 'unknown', 'pass'];
  return (
    <form
      className={styles.filters}
      aria-label={t('matrix.filters')}
      onSubmit={e => {
        e.preventDefault();
        setFilter('q', search.trim() || undefined);
      }}
    >
      {select(
        'ou',
        t('matrix.ou'),
        props.root
          ? flattenOus(props.root).map(ou => ({ value: ou.id, label: ou.path }))
          : [],
      )}
      {select(
        'owner',
        t('matrix.owner'),
        (owners ?? []).map(o => ({
          value: o.name,
          label: o.title ? `${o.title} (${o.name})` : o.name,
        })),
      )}
      {select(
        'environment',
        t('matrix.environment'),
        ['prod', 'non-prod', 'unknown'].map(v => ({ value: v, label: v })),
      )}
      {select(
        'check',
        t('matrix.guardrail'),
        props.definitions.map(d => ({ value: d.id, label: textOf(d).title })),
      )}
      {select(
        'status',
        t('matrix.status'),
        statuses.map(s => ({ value: s, label: t(`status.${s}`) })),
      )}
      <label>
        {t('matrix.search')}
        <input
          type="search"
          name="q"
          value={search}
          onChange={e => setSearch(e.target.value)}
          onBlur={() => setFilter('q', search.trim() || undefined)}
        />
      </label>
      <Button
        size="small"
        variant="tertiary"
        onPress={() => {
          setSearch('');
          clear();
        }}
      >
        {t('matrix.clear')}
      </Button>
    </form>
  );
}

/** Downloads the filtered matrix as the backend streams it. */
function ExportButton() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const { query } = usePostureQuery();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await api.exportMatrixCsv(query);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'landing-zone-posture.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex direction="column" gap="1" align="end" className={styles.nowrap}>
      <Button size="small" variant="secondary" onPress={run} isPending={busy}>
        {busy ? t('matrix.exporting') : t('matrix.exportCsv')}
      </Button>
      {error && <ErrorState error={error} />}
    </Flex>
  );
}

/**
 * Accounts x guardrails, red first, paged on the server; every cell links to
 * the account's evidence.
 */
export function Matrix(props: {
  root?: OrganizationTreeNode;
  definitions: GuardrailDefinition[];
  configuration?: GuardrailConfiguration;
  version: number;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const linkTo = useEntityRefLink();
  const textOf = useGuardrailText();
  const scopeText = useScopeText();
  const { configuration } = props;
  const root = useRouteRef(rootRouteRef)?.() ?? '/landing-zone';
  const { query, cursor, setCursor } = usePostureQuery();
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const key = JSON.stringify(query);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getMatrix({ ...query, cursor, limit: PAGE_SIZE }),
    [api, key, cursor, props.version],
  );
  const definitions = new Map(props.definitions.map(d => [d.id, d]));
  const units = props.root ? flattenOus(props.root) : [];
  const switchedOff = (id: string) => isSwitchedOff(id, configuration);
  const titleOf = (id: string) => {
    const definition = definitions.get(id);
    return definition ? textOf(definition).title : id;
  };
  /** What an empty cell says: why the guardrail is not judged there, if the configuration says. */
  const noVerdict = (account: AccountSummary, checkId: string) => {
    // An account that is not active is judged on nothing: its state says why.
    const why =
      configuration && isJudged(account.status)
        ? notJudgedReason(
            definitions.get(checkId) ?? { id: checkId },
            configuration,
            account,
            units,
          )
        : undefined;
    return why
      ? t('scope.cellNotJudged', {
          reason: scopeText.reason(why, checkId, configuration),
        })
      : t('matrix.noVerdict');
  };

  let body: JSX.Element;
  if (loading && !value) body = <LoadingRows rows={10} />;
  else if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (!value || value.items.length === 0)
    body = <Text color="secondary">{t('matrix.empty')}</Text>;
  else {
    // A switched-off guardrail judges no account: no column of dashes, a note instead.
    const columns = value.checks
      .filter(id => !switchedOff(id))
      .map(id => ({ id, title: titleOf(id) }));
    const hidden = value.checks.filter(switchedOff);
    body = (
      <>
        <div className={styles.matrixScroll}>
          <table className={styles.matrix} aria-label={t('matrix.title')}>
            <thead>
              <tr>
                <th className={styles.accountCell} scope="col">
                  {t('matrix.account')}
                </th>
                <th scope="col">{t('matrix.compliance')}</th>
                {columns.map(c => (
                  <th key={c.id} scope="col" title={c.title}>
                    <div className={styles.columnHead}>
                      <Link
                        href={`${root}/guardrails?check=${encodeURIComponent(
                          c.id,
                        )}`}
                      >
                        {c.title}
                      </Link>
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.items.map(({ account, cells }) => {
                const page = linkTo({
                  kind: 'resource',
                  namespace: 'default',
                  name: `aws-account-${account.id}`,
                });
                return (
                  <tr key={account.id}>
                    <th scope="row" className={styles.accountCell}>
                      <Link href={page}>{account.name}</Link>
                      <div className={styles.mono}>{account.id}</div>
                    </th>
                    <td>
                      {isJudged(account.status) ? (
                        <StatusBadge compliance={account.compliance} />
                      ) : (
                        // Not scanned, so not "unknown": its state says why.
                        <AccountStateBadge state={account.status} />
                      )}
                    </td>
                    {columns.map(c => (
                      <Cell
                        key={c.id}
                        cell={cells[c.id]}
                        href={`${page}/guardrails`}
                        title={
                          cells[c.id]
                            ? t('matrix.cellTitle', {
                                account: account.name,
                                guardrail: c.title,
                                status: t(`status.${cells[c.id].status}`),
                                since: new Date(
                                  cells[c.id].since,
                                ).toLocaleDateString(),
                              })
                            : noVerdict(account, c.id)
                        }
                      />
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {hidden.length > 0 && (
          <Text variant="body-small" color="secondary">
            {t('scope.hiddenColumns', {
              titles: hidden.map(titleOf).join(t('scope.separator')),
            })}
          </Text>
        )}
        <div className={styles.pager}>
          <Text color="secondary">
            {t('matrix.count', { count: value.totalCount })}
          </Text>
          <Button
            size="small"
            variant="secondary"
            isDisabled={previous.length === 0}
            onPress={() => {
              const back = previous[previous.length - 1];
              setPrevious(previous.slice(0, -1));
              setCursor(back);
            }}
          >
            {t('matrix.previous')}
          </Button>
          <Button
            size="small"
            variant="secondary"
            isDisabled={!value.nextCursor}
            onPress={() => {
              setPrevious([...previous, cursor]);
              setCursor(value.nextCursor);
            }}
          >
            {t('matrix.next')}
          </Button>
        </div>
      </>
    );
  }

  return (
    <Flex direction="column" gap="2">
      <Flex justify="between" align="end">
        <Filters
          root={props.root}
          definitions={props.definitions.filter(d => !switchedOff(d.id))}
        />
        <ExportButton />
      </Flex>
      {body}
    </Flex>
  );
}
