import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { AccountStatus } from '@internal/plugin-landing-zone-common';
import {
  RiForbidFill,
  RiHourglassFill,
  RiPauseCircleFill,
  RiPlayCircleFill,
  RiQuestionFill,
  RiTimeFill,
  type RemixiconComponentType,
} from '@remixicon/react';
import { landingZoneTranslationRef } from '../../translation';
import styles from './common.module.css';

/** The states Organizations documents; the landing zone judges ACTIVE ones only. */
export const accountStates = [
  'ACTIVE',
  'SUSPENDED',
  'PENDING_ACTIVATION',
  'PENDING_CLOSURE',
  'CLOSED',
] as const;

type KnownState = (typeof accountStates)[number];

// Suspended and closing accounts want someone's attention; a closed one
// is history.
const look: Record<KnownState, { Icon: RemixiconComponentType; tone: string }> =
  {
    ACTIVE: { Icon: RiPlayCircleFill, tone: styles.pass },
    SUSPENDED: { Icon: RiPauseCircleFill, tone: styles.warning },
    PENDING_ACTIVATION: { Icon: RiTimeFill, tone: styles.info },
    PENDING_CLOSURE: { Icon: RiHourglassFill, tone: styles.warning },
    CLOSED: { Icon: RiForbidFill, tone: styles.muted },
  };

export function isKnownState(state: string): state is KnownState {
  return (accountStates as readonly string[]).includes(state);
}

/**
 * Whether the landing zone scans and judges an account in this state: only
 * active ones. The others keep their identity, and no verdict.
 */
export function isJudged(state: AccountStatus): boolean {
  return state === 'ACTIVE';
}

/** The account's state in the reader's words; a state AWS adds later as AWS spells it. */
export function useAccountStateLabel(): (state: AccountStatus) => string {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return state => (isKnownState(state) ? t(`accountState.${state}`) : state);
}

/**
 * An account's state (Organizations' `State`) as colour, icon and word
 * together, like the verdicts.
 */
export function AccountStateBadge(props: { state: AccountStatus }) {
  const labelOf = useAccountStateLabel();
  const { Icon, tone } = isKnownState(props.state)
    ? look[props.state]
    : { Icon: RiQuestionFill, tone: styles.muted };
  return (
    <span className={`${styles.status} ${tone}`} data-state={props.state}>
      <Icon size={18} aria-hidden />
      {labelOf(props.state)}
    </span>
  );
}
