/**
 * Calls, throttled answers, other failures and calls left unanswered (the `hang`
 * fault) of one operation, service or the whole server.
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
  /** Requests the `hang` fault left unanswered (counted when the hang begins). */
  hung: number;
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

const zero = (): CallCount => ({ calls: 0, throttled: 0, failed: 0, hung: 0 });

type ServiceCount = CallCount & { operations: Map<string, CallCount> };

/** Counts calls per service and operation, so benchmarks can report what a scan cost. */
export class CallCounters {
  // Maps, not objects: operation names come off the wire ("__proto__", "constructor").
  #total = zero();
  #services = new Map<string, ServiceCount>();

  static create(): CallCounters {
    return new CallCounters();
  }

  private constructor() {}

  record(
    service: string,
    operation: string,
    outcome: 'ok' | 'throttled' | 'failed' | 'hung',
  ): void {
    let svc = this.#services.get(service);
    if (!svc) {
      svc = { ...zero(), operations: new Map() };
      this.#services.set(service, svc);
    }
    let op = svc.operations.get(operation);
    if (!op) {
      op = zero();
      svc.operations.set(operation, op);
    }
    for (const count of [this.#total, svc, op]) {
      count.calls += 1;
      if (outcome === 'throttled') count.throttled += 1;
      if (outcome === 'failed') count.failed += 1;
      if (outcome === 'hung') count.hung += 1;
    }
  }

  snapshot(): Counters {
    // Object.fromEntries defines own properties, so even "__proto__" stays a plain key.
    return {
      total: { ...this.#total },
      services: Object.fromEntries(
        [...this.#services].map(([name, { operations, ...count }]) => [
          name,
          {
            ...count,
            operations: Object.fromEntries(
              [...operations].map(([op, c]) => [op, { ...c }]),
            ),
          },
        ]),
      ),
    };
  }

  reset(): void {
    this.#total = zero();
    this.#services = new Map();
  }
}
