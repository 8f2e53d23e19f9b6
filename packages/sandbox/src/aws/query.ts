/** Reading the flattened parameters of the Query and EC2 protocols (`Filter.1.Value.2=…`). */
export class QueryParams {
  readonly #params: URLSearchParams;

  static create(params: URLSearchParams): QueryParams {
    return new QueryParams(params);
  }

  private constructor(params: URLSearchParams) {
    this.#params = params;
  }

  get(name: string): string | undefined {
    return this.#params.get(name) ?? undefined;
  }

  /** An integer parameter; undefined when absent, NaN when not a number. */
  int(name: string): number | undefined {
    const value = this.#params.get(name);
    return value === null ? undefined : Number(value);
  }

  bool(name: string): boolean {
    return this.#params.get(name) === 'true';
  }

  /**
   * The values of a flattened list: `list('VpcId')` reads `VpcId.1`, `VpcId.2`…;
   * Query (non-EC2) lists add `.member`, so `list('Names.member')` reads those.
   */
  list(prefix: string): string[] {
    const out: { index: number; value: string }[] = [];
    const head = `${prefix}.`;
    for (const [key, value] of this.#params) {
      if (key.startsWith(head)) {
        const index = Number(key.slice(head.length));
        if (Number.isInteger(index)) out.push({ index, value });
      }
    }
    return out.sort((a, b) => a.index - b.index).map(e => e.value);
  }

  /** EC2 filters: `Filter.N.Name` with `Filter.N.Value.M`. */
  filters(prefix = 'Filter'): { name: string; values: string[] }[] {
    const byIndex = new Map<number, { name?: string; values: string[] }>();
    const head = `${prefix}.`;
    for (const [key, value] of this.#params) {
      if (!key.startsWith(head)) continue;
      const [index, field, valueIndex] = key.slice(head.length).split('.');
      const entry = byIndex.get(Number(index)) ?? { values: [] };
      byIndex.set(Number(index), entry);
      if (field === 'Name') entry.name = value;
      else if (field === 'Value' && valueIndex !== undefined) {
        entry.values[Number(valueIndex) - 1] = value;
      }
    }
    return [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, e]) => e.name !== undefined)
      .map(([, e]) => ({
        name: e.name!,
        values: e.values.filter(v => v !== undefined),
      }));
  }
}
