import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { OrganizationTreeNode } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import styles from './Posture.module.css';

function shareOf(node: OrganizationTreeNode) {
  const { compliant, nonCompliant, unknown } = node.compliance;
  const judged = compliant + nonCompliant + unknown;
  return judged ? Math.round((compliant / judged) * 100) : undefined;
}

function Node(props: {
  node: OrganizationTreeNode;
  selected?: string;
  onSelect: (ouId: string | undefined) => void;
  isRoot?: boolean;
  limited?: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { node } = props;
  const share = shareOf(node);
  let tone = styles.fail;
  if (share === undefined) tone = styles.none;
  else if (share === 100) tone = styles.pass;
  const selected = props.isRoot ? !props.selected : props.selected === node.id;
  const rootLabel = props.limited ? t('ouTree.allYours') : t('ouTree.all');
  const noneLabel = props.limited
    ? t('ouTree.noneYours')
    : t('ouTree.noActive');
  return (
    <li>
      <button
        type="button"
        className={`${styles.treeItem} ${
          selected ? styles.treeItemSelected : ''
        }`}
        aria-pressed={selected}
        onClick={() => props.onSelect(props.isRoot ? undefined : node.id)}
        data-ou={node.id}
      >
        <span>{props.isRoot ? rootLabel : node.name}</span>
        <span className={tone}>
          {share === undefined
            ? noneLabel
            : t('ouTree.share', { percent: String(share) })}
        </span>
      </button>
      {node.children.length > 0 && (
        <ul>
          {node.children.map(child => (
            <Node
              key={child.id}
              node={child}
              selected={props.selected}
              onSelect={props.onSelect}
              limited={props.limited}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The OU tree, each OU with the compliant share of the accounts in and below
 * it; `limited`: of the caller's own accounts only.
 */
export function OuTree(props: {
  root: OrganizationTreeNode;
  selected?: string;
  onSelect: (ouId: string | undefined) => void;
  limited?: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return (
    <nav aria-label={t('ouTree.title')}>
      <ul className={styles.tree}>
        <Node
          node={props.root}
          selected={props.selected}
          onSelect={props.onSelect}
          isRoot
          limited={props.limited}
        />
      </ul>
    </nav>
  );
}

/** Every OU of the tree, depth first, for the OU filter. */
export function flattenOus(root: OrganizationTreeNode): OrganizationTreeNode[] {
  return [root, ...root.children.flatMap(flattenOus)];
}
