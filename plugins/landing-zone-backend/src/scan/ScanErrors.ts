import type { FactError } from '@internal/plugin-landing-zone-common';

/** Most errors a scan's record keeps. */
const LIMIT = 500;

/**
 * A scan's errors: those of the scan itself (the organisation read, tags, its
 * timeout) and one per failed account. The record keeps at most 500: the
 * scan's own first, then the accounts' in id order, and when some do not fit,
 * a last entry that says how many were left out (the count of failed
 * accounts is kept whole beside it).
 */
export class ScanErrors {
  readonly #scan: FactError[] = [];
  readonly #accounts: FactError[] = [];

  private constructor() {}

  static create() {
    return new ScanErrors();
  }

  /** An error of the scan as a whole. */
  add(error: FactError): void {
    this.#scan.push(error);
  }

  /** One failed account's summary; its message starts with the account id. */
  addAccount(error: FactError): void {
    this.#accounts.push(error);
  }

  get size(): number {
    return this.#scan.length + this.#accounts.length;
  }

  list(): FactError[] {
    const accounts = [...this.#accounts].sort((a, b) =>
      a.message.localeCompare(b.message),
    );
    const all = [...this.#scan, ...accounts];
    if (all.length <= LIMIT) return all;
    const kept = all.slice(0, LIMIT - 1);
    const left = all.length - kept.length;
    return [
      ...kept,
      {
        code: 'TooManyErrors',
        message: `${left} more error(s) not listed; each failed account's stale reason says what failed`,
      },
    ];
  }
}
