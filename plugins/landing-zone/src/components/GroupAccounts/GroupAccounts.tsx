import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  Card,
  CardBody,
  CardHeader,
  Cell,
  Column,
  Link,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type { Compliance } from '@internal/plugin-landing-zone-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneTranslationRef } from '../../translation';
import {
  AccountStateBadge,
  accountIdOf,
  ANNOTATION_ACCOUNT_STATUS,
  ANNOTATION_COMPLIANCE,
  ANNOTATION_FAILING,
  CopyableId,
  ErrorState,
  isJudged,
  LoadingRows,
  StatusBadge,
} from '../common';

const order: Record<Compliance, number> = {
  'non-compliant': 0,
  unknown: 1,
  compliant: 2,
};

function complianceOf(entity: Entity): Compliance {
  const value = entity.metadata.annotations?.[ANNOTATION_COMPLIANCE];
  return value === 'compliant' || value === 'non-compliant' ? value : 'unknown';
}

/**
 * The account's state when the landing zone does not judge it (suspended,
 * closing, closed…); undefined for an active account, or an entity that
 * does not say.
 */
function notJudgedStateOf(entity: Entity): string | undefined {
  const state = entity.metadata.annotations?.[ANNOTATION_ACCOUNT_STATUS];
  return state && !isJudged(state) ? state : undefined;
}

// Accounts that are not judged come last: there is nothing to fix in them.
function rankOf(entity: Entity): number {
  return notJudgedStateOf(entity) ? 3 : order[complianceOf(entity)];
}

/**
 * "Our AWS accounts" on a Group page: the accounts the catalog says the group
 * owns, non-compliant first.
 */
export function GroupAccounts() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const linkTo = useEntityRefLink();
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const response = await catalogApi.getEntities({
      filter: {
        kind: 'resource',
        'spec.type': 'aws-account',
        'relations.ownedBy': groupRef,
      },
      fields: ['kind', 'metadata', 'spec.type'],
    });
    return response.items.sort(
      (a, b) =>
        rankOf(a) - rankOf(b) ||
        (a.metadata.title ?? a.metadata.name).localeCompare(
          b.metadata.title ?? b.metadata.name,
        ),
    );
  }, [catalogApi, groupRef]);

  let body: JSX.Element;
  if (loading) body = <LoadingRows rows={3} />;
  else if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (!value?.length)
    body = <Text color="secondary">{t('group.empty')}</Text>;
  else
    body = (
      <TableRoot aria-label={t('group.title')}>
        <TableHeader>
          <Column id="account" isRowHeader>
            {t('group.account')}
          </Column>
          <Column id="id">{t('account.id')}</Column>
          <Column id="compliance">{t('group.compliance')}</Column>
        </TableHeader>
        <TableBody>
          {value.map(account => {
            const failing = Number(
              account.metadata.annotations?.[ANNOTATION_FAILING] ?? 0,
            );
            const accountId = accountIdOf(account);
            const state = notJudgedStateOf(account);
            return (
              <Row key={account.metadata.name} id={account.metadata.name}>
                <Cell>
                  <Link href={linkTo(account)}>
                    {account.metadata.title ?? account.metadata.name}
                  </Link>
                </Cell>
                <Cell>{accountId && <CopyableId value={accountId} />}</Cell>
                <Cell>
                  {state ? (
                    <>
                      <AccountStateBadge state={state} />
                      <Text as="div" variant="body-small" color="secondary">
                        {t('account.notJudged')}
                      </Text>
                    </>
                  ) : (
                    <>
                      <StatusBadge compliance={complianceOf(account)} />
                      {failing > 0 && (
                        <Text as="div" variant="body-small" color="danger">
                          {t('group.failing', { count: failing })}
                        </Text>
                      )}
                    </>
                  )}
                </Cell>
              </Row>
            );
          })}
        </TableBody>
      </TableRoot>
    );

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          {t('group.title')}
        </Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
