import { ResponseError } from '@backstage/errors';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert, Button, Flex, Skeleton } from '@backstage/ui';
import { landingZoneTranslationRef } from '../../translation';

function statusOf(error: Error): number | undefined {
  const response = (error as { response?: { status?: number } }).response;
  return response?.status;
}

/** The backend's own message where it sent one (a 4xx says what was wrong). */
function messageOf(error: Error): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}

/** The page's shape while it loads. */
export function LoadingRows(props: { rows?: number }) {
  return (
    <Flex direction="column" gap="2" aria-busy="true">
      {Array.from({ length: props.rows ?? 4 }, (_, i) => (
        <Skeleton key={i} height={28} width="100%" />
      ))}
    </Flex>
  );
}

/** What a page says for one status instead of the generic words. */
export type StatusText = { title: string; description?: string };

/**
 * What failed, with a retry; a 403 says "not permitted" instead, since a
 * retry would not help. A page may say what a status means for it
 * (`statusTexts`), and name what failed (`title`).
 */
export function ErrorState(props: {
  error: Error;
  onRetry?: () => void;
  title?: string;
  statusTexts?: Partial<Record<number, StatusText>>;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const status = statusOf(props.error);
  const said = status === undefined ? undefined : props.statusTexts?.[status];
  if (status === 403) {
    return (
      <Alert
        status="warning"
        icon
        title={said?.title ?? t('states.deniedTitle')}
        description={said?.description ?? t('states.deniedBody')}
      />
    );
  }
  // Said in the page's words, where nothing is to be retried (no scan yet).
  if (said?.description) {
    return (
      <Alert
        status="info"
        icon
        title={said.title}
        description={said.description}
      />
    );
  }
  return (
    <Alert
      status="danger"
      icon
      title={said?.title ?? props.title ?? t('states.errorTitle')}
      description={messageOf(props.error)}
      customActions={
        props.onRetry ? (
          <Button size="small" variant="secondary" onPress={props.onRetry}>
            {t('states.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
