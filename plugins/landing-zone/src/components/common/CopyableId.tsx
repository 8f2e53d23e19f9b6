import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ButtonIcon } from '@backstage/ui';
import { RiCheckLine, RiFileCopyLine } from '@remixicon/react';
import { useState } from 'react';
import { landingZoneTranslationRef } from '../../translation';
import styles from './common.module.css';

/** An AWS id in monospace, with a button that copies it. */
export function CopyableId(props: { value: string }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const [copied, setCopied] = useState(false);
  const label = copied ? t('account.copied') : t('account.copyId');
  return (
    <span className={styles.copy}>
      <span className={styles.mono}>{props.value}</span>
      <ButtonIcon
        size="small"
        variant="tertiary"
        aria-label={label}
        icon={copied ? <RiCheckLine /> : <RiFileCopyLine />}
        onPress={() => {
          navigator.clipboard?.writeText(props.value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      />
    </span>
  );
}
