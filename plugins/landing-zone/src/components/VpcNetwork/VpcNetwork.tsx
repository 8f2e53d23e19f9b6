import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type { VpcSummary } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import {
  accountIdOf,
  CopyableId,
  ErrorState,
  LoadingRows,
  StatusBadge,
  vpcEntityRef,
  vpcIdOf,
} from '../common';
import { LinkGraph } from './LinkGraph';
import { useVpc } from './useVpc';
import styles from './VpcNetwork.module.css';

function Tiers(props: { vpc: VpcSummary }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { tiers } = props.vpc;
  const line = (label: string, count: number) =>
    `${label}: ${t('vpc.subnets', { count })}`;
  return (
    <Flex direction="column" gap="1">
      <span>{line(t('vpc.tierPublic'), tiers.public)}</span>
      <span>{line(t('vpc.tierPrivate'), tiers.private)}</span>
      <span>{line(t('vpc.tierIsolated'), tiers.isolated)}</span>
    </Flex>
  );
}

/** The catalog titles of the VPCs this one is peered with (their names). */
function usePeerTitles(vpc: VpcSummary) {
  const catalogApi = useApi(catalogApiRef);
  const peers = vpc.links
    .filter(link => link.type === 'peering')
    .map(link => link.peer);
  const { value } = useAsync(async () => {
    if (peers.length === 0) return new Map<string, string>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: peers.map(vpcEntityRef),
      fields: ['metadata.title'],
    });
    return new Map(
      peers.flatMap((peer, i) => {
        const title = items[i]?.metadata.title;
        return title ? [[peer, title] as const] : [];
      }),
    );
  }, [catalogApi, peers.join()]);
  return value;
}

function Links(props: { vpc: VpcSummary }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const linkTo = useEntityRefLink();
  const peerTitles = usePeerTitles(props.vpc);
  if (props.vpc.links.length === 0) {
    return <Text color="secondary">{t('vpc.linksEmpty')}</Text>;
  }
  return (
    <Flex direction="column" gap="3">
      <LinkGraph vpc={props.vpc} peerTitles={peerTitles} />
      <ul>
        {props.vpc.links.map(link => (
          <li key={link.id}>
            {link.type === 'peering'
              ? t('vpc.linkPeering', { id: link.id, status: link.status })
              : t('vpc.linkTransitGateway', {
                  id: link.id,
                  status: link.status,
                })}
            {' → '}
            {link.type === 'peering' ? (
              <Link href={linkTo(vpcEntityRef(link.peer))}>
                {peerTitles?.get(link.peer)
                  ? `${peerTitles.get(link.peer)} (${link.peer})`
                  : link.peer}
              </Link>
            ) : (
              <span className={styles.mono}>{link.peer}</span>
            )}
            {link.peerAccountId &&
              ` (${t('vpc.otherAccount', { accountId: link.peerAccountId })})`}
          </li>
        ))}
      </ul>
    </Flex>
  );
}

/** The Network tab of an aws-vpc entity. */
export function VpcNetwork() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { entity } = useEntity();
  const accountId = accountIdOf(entity);
  const vpcId = vpcIdOf(entity);
  const { value: vpc, loading, error, retry } = useVpc(accountId, vpcId);

  if (loading) return <LoadingRows rows={6} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!vpc) {
    return (
      <Alert
        status="info"
        icon
        title={t('states.vpcNotFoundTitle')}
        description={t('states.vpcNotFound', {
          vpcId: vpcId ?? '?',
          accountId: accountId ?? '?',
        })}
      />
    );
  }
  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            {t('vpc.title')}
          </Text>
        </CardHeader>
        <CardBody>
          <dl className={styles.fields}>
            <dt>{t('vpc.vpcId')}</dt>
            <dd>
              <CopyableId value={vpc.vpcId} />
              {vpc.isDefault && ` (${t('vpc.defaultVpc')})`}
            </dd>
            <dt>{t('vpc.region')}</dt>
            <dd>{vpc.region}</dd>
            <dt>{t('vpc.cidrs')}</dt>
            <dd className={styles.mono}>{vpc.cidrs.join(', ')}</dd>
            <dt>{t('vpc.tiers')}</dt>
            <dd>
              <Tiers vpc={vpc} />
            </dd>
            <dt>{t('vpc.flowLogs')}</dt>
            <dd>
              <Flex align="center" gap="2">
                <StatusBadge status={vpc.flowLogs ? 'pass' : 'fail'} />
                <span>
                  {vpc.flowLogs ? t('vpc.flowLogsOn') : t('vpc.flowLogsOff')}
                </span>
              </Flex>
            </dd>
          </dl>
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            {t('vpc.linksTitle')}
          </Text>
        </CardHeader>
        <CardBody>
          <Links vpc={vpc} />
        </CardBody>
      </Card>
    </Flex>
  );
}
