import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/ui';
import type { VpcSummary } from '@internal/plugin-landing-zone-common';
import {
  Background,
  type Edge,
  type Node,
  Position,
  ReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { landingZoneTranslationRef } from '../../translation';
import { vpcEntityRef } from '../common';
import styles from './VpcNetwork.module.css';

const columnGap = 480;
const rowGap = 120;

/**
 * The VPC in the middle, what it links to around it: peered VPCs (linking to
 * their entity pages) and transit gateways.
 */
export function LinkGraph(props: {
  vpc: VpcSummary;
  /** Titles of peered VPCs' entities by VPC id, where the catalog has them. */
  peerTitles?: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const linkTo = useEntityRefLink();
  const { vpc } = props;
  const count = vpc.links.length;

  const nodes: Node[] = [
    {
      id: vpc.vpcId,
      position: { x: 0, y: 0 },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      className: `${styles.node} ${styles.self}`,
      data: {
        label: (
          <div>
            <strong>{t('vpc.thisVpc')}</strong>
            <div className={styles.mono}>{vpc.name ?? vpc.vpcId}</div>
            <div className={styles.mono}>{vpc.cidrs.join(', ')}</div>
          </div>
        ),
      },
    },
    ...vpc.links.map((link, i): Node => {
      const isPeering = link.type === 'peering';
      return {
        id: `${link.type}:${link.id}`,
        // One column to the right, centred on this VPC, with room between
        // for the edge labels.
        position: { x: columnGap, y: (i - (count - 1) / 2) * rowGap },
        sourcePosition: Position.Left,
        targetPosition: Position.Left,
        className: styles.node,
        data: {
          label: (
            <div>
              <strong>
                {isPeering ? t('vpc.peerVpc') : t('vpc.transitGateway')}
              </strong>
              <br />
              {isPeering ? (
                <Link href={linkTo(vpcEntityRef(link.peer))}>
                  {props.peerTitles?.get(link.peer) ?? (
                    <span className={styles.mono}>{link.peer}</span>
                  )}
                </Link>
              ) : (
                <span className={styles.mono}>{link.peer}</span>
              )}
              {link.peerAccountId && (
                <div>
                  {t('vpc.otherAccount', { accountId: link.peerAccountId })}
                </div>
              )}
            </div>
          ),
        },
      };
    }),
  ];
  const edges: Edge[] = vpc.links.map(link => ({
    id: link.id,
    source: vpc.vpcId,
    target: `${link.type}:${link.id}`,
    // Short: the ids are in the list under the graph.
    label:
      link.type === 'peering'
        ? t('vpc.edgePeering', { status: link.status })
        : t('vpc.edgeTransitGateway', { status: link.status }),
    animated: false,
  }));

  return (
    <div
      className={styles.graph}
      role="img"
      aria-label={t('vpc.graphLabel')}
      data-testid="vpc-link-graph"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        nodesDraggable={false}
        nodesConnectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
      >
        <Background />
      </ReactFlow>
    </div>
  );
}
