import type { Compliance } from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';

type Found = { id: string; name: string; compliance: Compliance };

/**
 * The inventory's accounts as vending looks them up: by name and by email,
 * among the accounts in the organisation now (not those that left).
 */
export class InventoryLookup {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new InventoryLookup(options.db);
  }

  /**
   * Every account's id and name, for comparing names case-folded in Node:
   * SQLite's lower() folds ASCII only and a name may be any Unicode. Two
   * narrow columns, a few hundred kilobytes at 10,000 accounts.
   */
  async names(): Promise<{ id: string; name: string }[]> {
    const rows = await this.#db('lz_accounts')
      .whereNull('removed_at')
      .select('account_id', 'name');
    return rows.map(r => ({ id: r.account_id, name: r.name }));
  }

  /** The account with this email (lower-case; AWS's are ASCII). */
  async withEmail(email: string): Promise<Found | undefined> {
    const row = await this.#db('lz_accounts')
      .whereNull('removed_at')
      .whereRaw('lower(email) = ?', [email])
      .first('account_id', 'name', 'compliance');
    return row && found(row);
  }

  /** The active account with this name or email, for a request being followed. */
  async find(options: {
    name: string;
    email: string;
    normalizeName: (name: string) => string;
  }): Promise<Found | undefined> {
    const byEmail = await this.withEmail(options.email);
    if (byEmail) return byEmail;
    const wanted = options.normalizeName(options.name);
    const named = (await this.names()).find(
      a => options.normalizeName(a.name) === wanted,
    );
    if (!named) return undefined;
    const row = await this.#db('lz_accounts')
      .where({ account_id: named.id })
      .first('account_id', 'name', 'compliance');
    return row && found(row);
  }
}

function found(row: {
  account_id: string;
  name: string;
  compliance: string;
}): Found {
  return {
    id: row.account_id,
    name: row.name,
    compliance: row.compliance as Compliance,
  };
}
