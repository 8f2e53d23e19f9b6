import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  Compliance,
  GuardrailStatus,
} from '@internal/plugin-landing-zone-common';
import {
  RiCheckboxCircleFill,
  RiCloseCircleFill,
  RiQuestionFill,
} from '@remixicon/react';
import { landingZoneTranslationRef } from '../../translation';
import styles from './common.module.css';

const tone = {
  pass: styles.pass,
  compliant: styles.pass,
  fail: styles.fail,
  'non-compliant': styles.fail,
  unknown: styles.unknown,
};

const Icon = {
  pass: RiCheckboxCircleFill,
  compliant: RiCheckboxCircleFill,
  fail: RiCloseCircleFill,
  'non-compliant': RiCloseCircleFill,
  unknown: RiQuestionFill,
};

/**
 * A verdict as colour, icon and word together, so it reads without colour
 * too.
 */
export function StatusBadge(
  props:
    | { status: GuardrailStatus; compliance?: undefined }
    | { compliance: Compliance; status?: undefined },
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const key = props.status ?? props.compliance;
  const IconOf = Icon[key];
  const label = props.status
    ? t(`status.${props.status}`)
    : t(`compliance.${props.compliance!}`);
  return (
    <span className={`${styles.status} ${tone[key]}`} data-status={key}>
      <IconOf size={18} aria-hidden />
      {label}
    </span>
  );
}
