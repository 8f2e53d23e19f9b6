import {
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type {
  AccountRequest,
  AccountRequestState,
  CommitStatus,
} from '@internal/plugin-landing-zone-common';
import { useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { landingZoneVendingApiRef } from '../../api';
import { useGuardrailText } from '../../guardrailTexts';
import { rootRouteRef } from '../../routes';
import { landingZoneTranslationRef } from '../../translation';
import {
  CursorPager,
  ErrorState,
  LoadingRows,
  RelativeTime,
  StatusBadge,
} from '../common';
import styles from './AccountRequests.module.css';
import { Progress } from './Progress';

/** `/landing-zone/requests`, wherever the app mounts the page. */
function useRequestsPath() {
  const root = useRouteRef(rootRouteRef)?.() ?? '/landing-zone';
  return `${root}/requests`;
}

/** Requests in flight are read again this often, so the page moves by itself. */
const REFRESH_MS = 10_000;

type StateFilter = AccountRequestState | 'active' | 'all';
const FILTERS: StateFilter[] = [
  'all',
  'active',
  'open',
  'merged',
  'account-seen',
  'compliant',
  'closed',
];

const isInFlight = (r: AccountRequest) =>
  r.state !== 'compliant' && r.state !== 'closed';

function PullRequestLink(props: { request: AccountRequest }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const pr = props.request.pullRequest;
  return (
    <Link href={pr.url} target="_blank" rel="noopener noreferrer">
      {`${pr.owner}/${pr.repo}#${pr.number} (${t(
        `requests.prStates.${pr.state}`,
      )})`}
    </Link>
  );
}

/** "Account requests": every request, newest first, with how far it got. */
function AccountRequestList() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneVendingApiRef);
  const requestsPath = useRequestsPath();
  const [filter, setFilter] = useState<StateFilter>('all');
  const [cursor, setCursor] = useState<string | undefined>();
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.listAccountRequests({
        state: filter === 'all' ? undefined : filter,
        cursor,
        limit: 25,
      }),
    [api, filter, cursor],
  );
  useInterval(
    retry,
    value?.items.some(isInFlight) && !loading ? REFRESH_MS : null,
  );

  let body: JSX.Element;
  if (loading && !value) body = <LoadingRows rows={6} />;
  else if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (!value?.items.length)
    body = (
      <Alert
        status="info"
        icon
        title={t('requests.empty')}
        description={t('requests.emptyHow')}
      />
    );
  else
    body = (
      <>
        <table className={styles.table} aria-label={t('requests.title')}>
          <thead>
            <tr>
              <th>{t('requests.columns.account')}</th>
              <th>{t('requests.columns.ou')}</th>
              <th>{t('requests.columns.requestedBy')}</th>
              <th>{t('requests.columns.pullRequest')}</th>
              <th>{t('requests.columns.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {value.items.map(request => (
              <tr key={request.id} data-state={request.state}>
                <th scope="row">
                  <Link href={`${requestsPath}/${request.id}`}>
                    {request.accountName}
                  </Link>
                  <Text as="div" variant="body-small" color="secondary">
                    {`${request.environment} · `}
                    <RelativeTime value={request.createdAt} />
                  </Text>
                </th>
                <td>{request.ouPath ?? request.ouId}</td>
                <td>{request.requestedBy ?? ''}</td>
                <td>
                  <PullRequestLink request={request} />
                </td>
                <td>
                  <Progress request={request} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <CursorPager
          count={t('requests.count', { count: value.totalCount })}
          cursor={cursor}
          nextCursor={value.nextCursor}
          onCursor={setCursor}
        />
      </>
    );

  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center">
          <Text as="h2" variant="title-small">
            {t('requests.title')}
          </Text>
          <label>
            <Text variant="body-small" color="secondary">
              {`${t('requests.filter')} `}
            </Text>
            <select
              value={filter}
              onChange={e => {
                setCursor(undefined);
                setFilter(e.target.value as StateFilter);
              }}
            >
              {FILTERS.map(f => (
                <option key={f} value={f}>
                  {t(`requests.filters.${f}`)}
                </option>
              ))}
            </select>
          </label>
        </Flex>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}

function StatusLine(props: { status: CommitStatus }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { status } = props;
  let verdict: 'pass' | 'fail' | 'unknown' = 'unknown';
  if (status.state === 'success') verdict = 'pass';
  else if (status.state === 'failure' || status.state === 'error')
    verdict = 'fail';
  return (
    <li data-context={status.context}>
      <div className={styles.statusLine}>
        <StatusBadge status={verdict} />
        <span className={styles.mono}>{status.context}</span>
        <Text variant="body-small" color="secondary">
          {`${t(`requests.commitStates.${status.state}`)}${
            status.description ? ` · ${status.description}` : ''
          }`}
        </Text>
        {status.targetUrl && (
          <Link href={status.targetUrl} target="_blank" rel="noreferrer">
            {t('requests.details')}
          </Link>
        )}
      </div>
    </li>
  );
}

/** One request: where it is, the checks on its pull request, and what it asked for. */
function AccountRequestDetail() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneVendingApiRef);
  const { id = '' } = useParams();
  const requestsPath = useRequestsPath();
  const linkTo = useEntityRefLink();
  const textOf = useGuardrailText();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getAccountRequest(id),
    [api, id],
  );
  useInterval(
    retry,
    value && isInFlight(value) && !loading ? REFRESH_MS : null,
  );
  if (loading && !value) return <LoadingRows rows={8} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!value) {
    return (
      <Alert
        status="warning"
        icon
        title={t('requests.notFound', { id })}
        customActions={
          <Link href={requestsPath}>{t('requests.backToList')}</Link>
        }
      />
    );
  }
  const request = value;
  const pr = request.pullRequest;
  const portal = request.portalStatus;
  return (
    <Flex direction="column" gap="4">
      <Link href={requestsPath}>{`← ${t('requests.backToList')}`}</Link>
      <div className={styles.layout}>
        <Card>
          <CardHeader>
            <Text as="h2" variant="title-small">
              {request.accountName}
            </Text>
          </CardHeader>
          <CardBody>
            <Progress request={request} />
          </CardBody>
        </Card>
        <Flex direction="column" gap="4">
          {request.followError && (
            <Alert
              status="warning"
              icon
              title={t('requests.followError')}
              description={request.followError}
            />
          )}
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                {t('requests.pullRequest')}
              </Text>
            </CardHeader>
            <CardBody>
              <Flex direction="column" gap="2">
                <PullRequestLink request={request} />
                {pr.statuses.length === 0 ? (
                  <Text color="secondary">{t('requests.noChecks')}</Text>
                ) : (
                  <ul
                    className={styles.statuses}
                    aria-label={t('requests.checks')}
                  >
                    {pr.statuses.map(s => (
                      <StatusLine key={s.context} status={s} />
                    ))}
                  </ul>
                )}
                {request.followedAt && (
                  <Text variant="body-small" color="secondary">
                    {`${t('requests.followedAt')} `}
                    <RelativeTime value={request.followedAt} />
                  </Text>
                )}
              </Flex>
            </CardBody>
          </Card>
          {portal && (
            <Card>
              <CardHeader>
                <Text as="h3" variant="title-x-small">
                  {t('requests.portalCheck')}
                </Text>
              </CardHeader>
              <CardBody>
                <Flex direction="column" gap="2">
                  <Flex gap="2" align="center">
                    <StatusBadge
                      status={portal.state === 'success' ? 'pass' : 'fail'}
                    />
                    <Text>{portal.description}</Text>
                  </Flex>
                  {portal.conflicts.length > 0 && (
                    <ul>
                      {portal.conflicts.map(c => (
                        <li key={c}>{c}</li>
                      ))}
                    </ul>
                  )}
                  <table
                    className={styles.table}
                    aria-label={t('requests.inherited')}
                  >
                    <thead>
                      <tr>
                        <th>{t('requests.inherited')}</th>
                        <th>{t('guardrailTable.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {portal.guardrails.map(g => (
                        <tr key={g.checkId}>
                          <td>
                            {
                              textOf({
                                id: g.checkId,
                                title: g.title,
                                description: '',
                                remediation: '',
                              }).title
                            }
                          </td>
                          <td>
                            <StatusBadge status={g.status} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Flex>
              </CardBody>
            </Card>
          )}
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                {t('requests.asked')}
              </Text>
            </CardHeader>
            <CardBody>
              <dl className={styles.facts}>
                <dt>{t('requests.fields.email')}</dt>
                <dd className={styles.mono}>{request.email}</dd>
                <dt>{t('requests.fields.ou')}</dt>
                <dd>{`${request.ouPath ?? ''} (${request.ouId})`}</dd>
                <dt>{t('requests.fields.environment')}</dt>
                <dd>{request.environment}</dd>
                <dt>{t('requests.fields.regions')}</dt>
                <dd>{request.regions.join(', ')}</dd>
                <dt>{t('requests.fields.cidr')}</dt>
                <dd className={styles.mono}>
                  {request.cidr ?? t('requests.noVpc')}
                </dd>
                {request.monthlyBudgetUsd !== undefined && (
                  <>
                    <dt>{t('requests.fields.budget')}</dt>
                    <dd>{`USD ${request.monthlyBudgetUsd}`}</dd>
                  </>
                )}
                <dt>{t('requests.fields.requestedBy')}</dt>
                <dd>{request.requestedBy ?? ''}</dd>
                <dt>{t('requests.fields.created')}</dt>
                <dd>
                  <RelativeTime value={request.createdAt} />
                </dd>
                {request.account && (
                  <>
                    <dt>{t('requests.fields.account')}</dt>
                    <dd>
                      <Link
                        href={`${linkTo({
                          kind: 'resource',
                          namespace: 'default',
                          name: `aws-account-${request.account.id}`,
                        })}/guardrails`}
                      >
                        {`${request.account.name} (${request.account.id})`}
                      </Link>{' '}
                      <StatusBadge compliance={request.account.compliance} />
                    </dd>
                  </>
                )}
              </dl>
            </CardBody>
          </Card>
        </Flex>
      </div>
    </Flex>
  );
}

/** The "Requests" tab: the list, and one request at `requests/<id>`. */
export function AccountRequestsPage() {
  return (
    <Routes>
      <Route path="/" element={<AccountRequestList />} />
      <Route path=":id" element={<AccountRequestDetail />} />
    </Routes>
  );
}
