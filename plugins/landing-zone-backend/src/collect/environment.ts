import type { Environment } from '@internal/plugin-landing-zone-common';

const PROD = /^(prod|production|prd|live)$/i;
const NON_PROD =
  /^(non-?prod|dev|development|test|testing|qa|uat|stage|staging|sandbox|sbx|preprod|pre-prod)$/i;

function classify(value: string): Environment {
  if (PROD.test(value)) return 'prod';
  if (NON_PROD.test(value)) return 'non-prod';
  return 'unknown';
}

/**
 * An account's environment: its `environment` (or `env`) tag when it names one,
 * else the nearest OU on its path that does (`Root/Workloads/Prod` → prod).
 * Shared and security accounts are neither, and count as `unknown`.
 */
export function deriveEnvironment(
  tags: Record<string, string>,
  ouPath: string,
): Environment {
  const tag = Object.entries(tags).find(([key]) =>
    /^(environment|env)$/i.test(key),
  );
  if (tag) {
    const fromTag = classify(tag[1].trim());
    if (fromTag !== 'unknown') return fromTag;
  }
  const segments = ouPath.split('/').reverse();
  for (const segment of segments) {
    const fromOu = classify(segment.trim());
    if (fromOu !== 'unknown') return fromOu;
  }
  return 'unknown';
}
