/**
 * One queue for every write of a scan: the organisation, the accounts'
 * batches and their tags. Concurrent transactions on the same accounts would
 * deadlock on PostgreSQL, so each write starts when the one before it has
 * ended, whether it succeeded or not.
 */
export class SerialWrites {
  #tail: Promise<unknown> = Promise.resolve();

  private constructor() {}

  static create() {
    return new SerialWrites();
  }

  /** Runs `write` after every write queued before it; its outcome is the caller's. */
  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(write);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
