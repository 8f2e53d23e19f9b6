/**
 * Calls, throttled answers and other failures of one operation, service or the whole server.
 *
 * @public
 */
export type CallCount = {
  /** Every request, including those then throttled or failed. */
  calls: number;
  /** Requests answered with the service's throttling error. */
  throttled: number;
  /** Requests answered with any other error (4xx or 5xx, injected or not). */
  failed: number;
};

/**
 * The counters, readable over HTTP as `GET /_sandbox/counters`.
 *
 * @public
 */
export type Counters = {
  total: CallCount;
  services: Record<
    string,
    CallCount & { operations: Record<string, CallCount> }
  >;
};

const zero = (): CallCount => ({ calls: 0, throttled: 0, failed: 0 });

/** Counts calls per service and operation, so benchmarks can report what a scan cost. */
export class CallCounters {
  #counters: Counters = { total: zero(), services: {} };

  static create(): CallCounters {
    return new CallCounters();
  }

  private constructor() {}

  record(
    service: string,
    operation: string,
    outcome: 'ok' | 'throttled' | 'failed',
  ): void {
    const svc =
      this.#counters.services[service] ??
      (this.#counters.services[service] = { ...zero(), operations: {} });
    const op =
      svc.operations[operation] ?? (svc.operations[operation] = zero());
    for (const count of [this.#counters.total, svc, op]) {
      count.calls += 1;
      if (outcome === 'throttled') count.throttled += 1;
      if (outcome === 'failed') count.failed += 1;
    }
  }

  snapshot(): Counters {
    return structuredClone(this.#counters);
  }

  reset(): void {
    this.#counters = { total: zero(), services: {} };
  }
}
