import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { AccountRequest } from '@internal/plugin-landing-zone-common';
import {
  RiCheckboxCircleFill,
  RiCheckboxBlankCircleLine,
  RiCloseCircleFill,
  RiTimeLine,
} from '@remixicon/react';
import { landingZoneTranslationRef } from '../../translation';
import { RelativeTime } from '../common';
import styles from './AccountRequests.module.css';
import { stagesOf, type StageState } from './stages';

const Icon: Record<StageState, typeof RiCheckboxCircleFill> = {
  done: RiCheckboxCircleFill,
  current: RiTimeLine,
  failed: RiCloseCircleFill,
  waiting: RiCheckboxBlankCircleLine,
};

/**
 * PR open → checks → merged → account seen → compliant, each step with an
 * icon and a word (never colour alone); `compact` for a table row.
 */
export function Progress(props: {
  request: AccountRequest;
  compact?: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const stages = stagesOf(props.request);
  return (
    <ol
      className={props.compact ? styles.progressCompact : styles.progress}
      aria-label={t('requests.progress')}
    >
      {stages.map(stage => {
        const StageIcon = Icon[stage.state];
        return (
          <li
            key={stage.key}
            className={styles[stage.state]}
            data-stage={stage.key}
            data-state={stage.state}
          >
            <StageIcon size={16} aria-hidden />
            <span>
              {t(`requests.stages.${stage.key}`)}
              <span className={styles.visuallyHidden}>
                {`: ${t(`requests.stageStates.${stage.state}`)}`}
              </span>
            </span>
            {!props.compact && stage.at && (
              <span className={styles.when}>
                <RelativeTime value={stage.at} />
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
