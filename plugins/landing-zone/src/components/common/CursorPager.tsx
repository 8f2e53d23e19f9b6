import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Button, Text } from '@backstage/ui';
import { landingZoneTranslationRef } from '../../translation';
import styles from './common.module.css';

/**
 * Below a server-paged list: how many there are, "Previous page" back to the
 * first page once past it, "Next page" while there is one.
 */
export function CursorPager(props: {
  /** e.g. "51 accounts" */
  count: string;
  cursor?: string;
  nextCursor?: string;
  onCursor: (cursor: string | undefined) => void;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return (
    <div className={styles.pager}>
      <Text color="secondary">{props.count}</Text>
      {props.cursor && (
        <Button
          size="small"
          variant="secondary"
          onPress={() => props.onCursor(undefined)}
        >
          {t('matrix.previous')}
        </Button>
      )}
      {props.nextCursor && (
        <Button
          size="small"
          variant="secondary"
          onPress={() => props.onCursor(props.nextCursor)}
        >
          {t('matrix.next')}
        </Button>
      )}
    </div>
  );
}
