import type { GuardrailEvidence } from '@internal/plugin-landing-zone-common';
import { useEvidenceText } from '../../evidenceTexts';
import styles from './common.module.css';

/** Evidence in a table cell: one line each, its region first. */
export function EvidenceLines(props: { evidence: GuardrailEvidence[] }) {
  const evidenceText = useEvidenceText();
  return (
    <ul>
      {props.evidence.map((e, i) => (
        <li key={i}>
          {e.region && <span className={styles.mono}>{`${e.region} `}</span>}
          {evidenceText(e)}
        </li>
      ))}
    </ul>
  );
}
