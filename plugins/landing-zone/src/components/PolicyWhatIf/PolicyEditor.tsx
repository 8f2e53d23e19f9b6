import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { PolicyDocumentProblem } from '@internal/plugin-landing-zone-common';
import {
  forwardRef,
  useImperativeHandle,
  useMemo,
  useRef,
  type UIEvent,
} from 'react';
import { landingZoneTranslationRef } from '../../translation';
import styles from './PolicyWhatIf.module.css';

/** Organizations' quota for an SCP or RCP, counted without white space. */
export const POLICY_MAX_CHARACTERS = 5120;

// One source for the geometry the gutter and the highlights follow.
const LINE_HEIGHT = 20;
const PADDING = 8;
const MIN_LINES = 10;
const MAX_LINES = 60;

/** What the page asks of the editor: put the caret where a problem is. */
export type PolicyEditorHandle = {
  goTo(line: number, column?: number): void;
};

/** The characters Organizations counts: the document without its white space. */
export function minifiedLength(content: string): number | undefined {
  try {
    return JSON.stringify(JSON.parse(content)).length;
  } catch {
    return undefined;
  }
}

/** A policy document as people read it: two-space indented JSON. */
export function prettyPolicy(content: string): string {
  try {
    return JSON.stringify(JSON.parse(content), null, 2);
  } catch {
    return content;
  }
}

/** The same document, white space aside. */
export function sameDocument(a: string, b: string) {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function offsetOf(text: string, line: number, column = 1): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) {
    offset += lines[i].length + 1;
  }
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return offset + Math.min(Math.max(column - 1, 0), current.length);
}

/**
 * A policy document in a monospace editor with line numbers; the lines the
 * problems name are highlighted, and `goTo` moves the caret to one. A plain
 * textarea underneath, so paste, undo and the browser's own editing work.
 */
export const PolicyEditor = forwardRef<
  PolicyEditorHandle,
  {
    value: string;
    onChange: (value: string) => void;
    label: string;
    problems?: PolicyDocumentProblem[];
    placeholder?: string;
    disabled?: boolean;
  }
>(function Editor(props, ref) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const marks = useRef<HTMLDivElement>(null);
  const lineCount = props.value.split('\n').length;
  const problemLines = useMemo(
    () =>
      new Set((props.problems ?? []).flatMap(p => (p.line ? [p.line] : []))),
    [props.problems],
  );
  const visibleLines = Math.min(Math.max(lineCount + 1, MIN_LINES), MAX_LINES);
  const height = visibleLines * LINE_HEIGHT + 2 * PADDING;

  useImperativeHandle(
    ref,
    () => ({
      goTo(line, column) {
        const textarea = area.current;
        if (!textarea) return;
        const offset = offsetOf(textarea.value, line, column);
        textarea.focus();
        textarea.setSelectionRange(offset, offset);
        // The line in the middle of the view, not at its edge.
        textarea.scrollTop = Math.max(
          0,
          (line - 1) * LINE_HEIGHT - textarea.clientHeight / 2,
        );
      },
    }),
    [],
  );

  const onScroll = (e: UIEvent<HTMLTextAreaElement>) => {
    const { scrollTop, scrollLeft } = e.currentTarget;
    if (gutter.current) gutter.current.scrollTop = scrollTop;
    if (marks.current) {
      marks.current.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
    }
  };

  const size = minifiedLength(props.value);
  const geometry = { lineHeight: `${LINE_HEIGHT}px`, padding: `${PADDING}px` };
  return (
    <div className={styles.editorFrame}>
      <div className={styles.editor} style={{ height }}>
        <div
          ref={gutter}
          className={styles.gutter}
          style={geometry}
          aria-hidden
        >
          {Array.from({ length: lineCount }, (_, i) => (
            <div
              key={i}
              className={problemLines.has(i + 1) ? styles.gutterProblem : ''}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <div className={styles.editorBody}>
          <div ref={marks} className={styles.marks} aria-hidden>
            {[...problemLines].map(line => (
              <div
                key={line}
                className={styles.markLine}
                data-problem-line={line}
                style={{
                  top: PADDING + (line - 1) * LINE_HEIGHT,
                  height: LINE_HEIGHT,
                }}
              />
            ))}
          </div>
          <textarea
            ref={area}
            className={styles.textarea}
            style={geometry}
            aria-label={props.label}
            aria-invalid={problemLines.size > 0 || undefined}
            value={props.value}
            placeholder={props.placeholder}
            disabled={props.disabled}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            onChange={e => props.onChange(e.target.value)}
            onScroll={onScroll}
          />
        </div>
      </div>
      {size !== undefined && (
        <div
          className={`${styles.editorStatus} ${
            size > POLICY_MAX_CHARACTERS ? styles.over : ''
          }`}
        >
          {t(size > POLICY_MAX_CHARACTERS ? 'whatIf.sizeOver' : 'whatIf.size', {
            size: size.toLocaleString('en-US'),
            max: POLICY_MAX_CHARACTERS.toLocaleString('en-US'),
          })}
        </div>
      )}
    </div>
  );
});
