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

/** The operation each error came from, where a fact's read makes several calls. */
const failedOperations = new WeakMap<object, string>();

/**
 * Runs one call of a fact that makes several, so that its error names this
 * operation rather than the fact's first one.
 */
export async function during<T>(
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Object && !failedOperations.has(error)) {
      failedOperations.set(error, operation);
    }
    throw error;
  }
}

/**
 * Runs one read and records its result or error as a fact. A failed call
 * never aborts the scan: the error is the fact, named by the operation that
 * failed (`operation`, or the one `during` gave).
 */
export async function capture<T>(
  operation: string,
  read: () => Promise<T>,
): Promise<Fact<T>> {
  try {
    const data = await read();
    return { data, collectedAt: new Date().toISOString() };
  } catch (error) {
    const failed =
      error instanceof Object ? failedOperations.get(error) : undefined;
    return {
      error: toFactError(error, failed ?? operation),
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
