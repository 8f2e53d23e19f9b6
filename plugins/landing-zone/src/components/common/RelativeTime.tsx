import { appLanguageApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useObservable } from 'react-use';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** `3 minutes ago`, in the reader's language. */
export function formatRelative(
  iso: string,
  language: string,
  now = Date.now(),
) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const [unit, size] =
    units.find(([, s]) => Math.abs(seconds) >= s) ?? units[units.length - 1];
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(
    Math.round(seconds / size),
    unit,
  );
}

/** Relative time, with the absolute time on hover. */
export function RelativeTime(props: { value: string }) {
  const languageApi = useApi(appLanguageApiRef);
  const { language } = useObservable(
    languageApi.language$(),
    languageApi.getLanguage(),
  );
  const date = new Date(props.value);
  return (
    <time dateTime={props.value} title={date.toLocaleString(language)}>
      {formatRelative(props.value, language)}
    </time>
  );
}
