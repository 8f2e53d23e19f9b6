import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState } from '../common';

/**
 * What failed, in the what-if's words: it needs every account (403) and a
 * scan (404); a change the server rejects (400) with the server's message.
 */
export function WhatIfError(props: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return (
    <ErrorState
      error={props.error}
      onRetry={props.onRetry}
      title={t('whatIf.failed')}
      statusTexts={{
        400: { title: t('whatIf.rejected') },
        403: {
          title: t('whatIf.notPermittedTitle'),
          description: t('whatIf.notPermitted'),
        },
        404: {
          title: t('whatIf.noScanTitle'),
          description: t('whatIf.noScan'),
        },
      }}
    />
  );
}
