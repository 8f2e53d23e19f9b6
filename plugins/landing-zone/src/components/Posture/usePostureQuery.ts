import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import type {
  Environment,
  GuardrailStatus,
  MatrixQuery,
} from '@internal/plugin-landing-zone-common';

/** The matrix's filters, as they live in the URL so a view can be shared. */
export const filterKeys = [
  'ou',
  'owner',
  'environment',
  'check',
  'status',
  'q',
] as const;

export type FilterKey = (typeof filterKeys)[number];

/** The filters and cursor of the URL, and a setter that resets paging. */
export function usePostureQuery() {
  const [params, setParams] = useAppSearchParams();
  const query: MatrixQuery = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) {
      (query as Record<string, string>)[key] = value;
    }
  }
  const cursor = params.get('cursor') ?? undefined;

  const setFilter = (key: FilterKey, value: string | undefined) => {
    setParams(previous => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      next.delete('cursor');
      return next;
    });
  };
  const setCursor = (value: string | undefined) => {
    setParams(previous => {
      const next = new URLSearchParams(previous);
      if (value) next.set('cursor', value);
      else next.delete('cursor');
      return next;
    });
  };
  const clear = () => setParams({});
  return {
    query: query as MatrixQuery & {
      environment?: Environment;
      status?: GuardrailStatus;
    },
    cursor,
    setFilter,
    setCursor,
    clear,
  };
}
