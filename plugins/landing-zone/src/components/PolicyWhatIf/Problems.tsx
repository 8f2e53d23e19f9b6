import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert } from '@backstage/ui';
import type { PolicyDocumentProblem } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import styles from './PolicyWhatIf.module.css';

/** The document's problems, each position a button that takes the caret there. */
export function Problems(props: {
  problems: PolicyDocumentProblem[];
  onGoTo: (line: number, column?: number) => void;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return (
    <Alert
      status="danger"
      icon
      title={t('whatIf.problems', { count: props.problems.length })}
      description={
        <ul className={styles.problems} aria-label={t('whatIf.document')}>
          {props.problems.map((problem, i) => (
            <li key={i} data-line={problem.line} data-column={problem.column}>
              {problem.line !== undefined && (
                <>
                  <button
                    type="button"
                    className={styles.position}
                    title={t('whatIf.goTo')}
                    onClick={() => props.onGoTo(problem.line!, problem.column)}
                  >
                    {problem.column !== undefined
                      ? t('whatIf.problemAt', {
                          line: String(problem.line),
                          column: String(problem.column),
                        })
                      : t('whatIf.problemLine', { line: String(problem.line) })}
                  </button>
                  {': '}
                </>
              )}
              {problem.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
