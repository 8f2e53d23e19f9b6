import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Cell,
  Column,
  Link,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type { VpcSummary } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import { StatusBadge, vpcEntityRef } from '../common';
import styles from './AccountGuardrails.module.css';

/**
 * The account's VPCs, each linking to its own entity page. Those of an
 * account that is not scanned are as last collected, if ever.
 */
export function AccountVpcs(props: { vpcs: VpcSummary[]; judged: boolean }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const linkTo = useEntityRefLink();
  if (props.vpcs.length === 0) {
    return (
      <Text color="secondary">
        {props.judged ? t('account.vpcsEmpty') : t('account.vpcsNotCollected')}
      </Text>
    );
  }
  return (
    <TableRoot aria-label={t('account.vpcsTitle')}>
      <TableHeader>
        <Column id="vpc" isRowHeader>
          {t('vpcTable.vpc')}
        </Column>
        <Column id="region">{t('vpcTable.region')}</Column>
        <Column id="cidrs">{t('vpcTable.cidrs')}</Column>
        <Column id="tiers">{t('vpcTable.tiers')}</Column>
        <Column id="flowLogs">{t('vpcTable.flowLogs')}</Column>
        <Column id="links">{t('vpcTable.links')}</Column>
      </TableHeader>
      <TableBody>
        {props.vpcs.map(vpc => (
          <Row key={vpc.vpcId} id={vpc.vpcId}>
            <Cell>
              <Link href={linkTo(vpcEntityRef(vpc.vpcId))}>
                {vpc.name ? `${vpc.name} ` : ''}
                <span className={styles.where}>{vpc.vpcId}</span>
              </Link>
            </Cell>
            <Cell>{vpc.region}</Cell>
            <Cell>
              <span className={styles.where}>{vpc.cidrs.join(', ')}</span>
            </Cell>
            <Cell>
              {`${vpc.tiers.public} / ${vpc.tiers.private} / ${vpc.tiers.isolated}`}
            </Cell>
            <Cell>
              <StatusBadge status={vpc.flowLogs ? 'pass' : 'fail'} />
            </Cell>
            <Cell>{vpc.links.length}</Cell>
          </Row>
        ))}
      </TableBody>
    </TableRoot>
  );
}
