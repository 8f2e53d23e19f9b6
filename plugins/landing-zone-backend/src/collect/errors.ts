import type { Fact, FactError } from '@internal/plugin-landing-zone-common';
import { redactIdentity } from './redact';

/** Turns anything thrown by the SDK into the error recorded on a fact. */
export function toFactError(error: unknown, operation?: string): FactError {
  if (error instanceof Error) {
    const code =
      (error as { Code?: string }).Code ??
      (error as { code?: string }).code ??
      error.name;
    return {
      code: String(code || 'Error'),
      message: redactIdentity(error.message),
      operation,
    };
  }
  return { code: 'Error', message: redactIdentity(String(error)), operation };
}

/** True when the SDK error has one of the given names or codes. */
export function isErrorNamed(error: unknown, ...names: string[]): boolean {
  if (!(error instanceof Error)) return false;
  const code =
    (error as { Code?: string }).Code ?? (error as { code?: string }).code;
  return names.includes(error.name) || (!!code && names.includes(code));
}

/**
 * Runs one read and records its result or error as a fact. A failed call
 * never aborts the scan: the error is the fact.
 */
export async function capture<T>(
  operation: string,
  read: () => Promise<T>,
): Promise<Fact<T>> {
  try {
    const data = await read();
    return { data, collectedAt: new Date().toISOString() };
  } catch (error) {
    return {
      error: toFactError(error, operation),
      collectedAt: new Date().toISOString(),
    };
  }
}

/**
 * What every `send` takes, and every paginator as its third argument (it
 * passes it on to each page's `send`): the scan's signal, which ends a call in
 * flight, hung or not, with an `AbortError` the SDK does not retry.
 */
export type CallOptions = { abortSignal?: AbortSignal };

export function callOptions(signal?: AbortSignal): CallOptions {
  return { abortSignal: signal };
}

/** Collects every item of an SDK v3 paginator. */
export async function collectPages<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) {
    all.push(...(items(page) ?? []));
  }
  return all;
}
