import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  getGuardrailDefinition,
  guardrailCatalogue,
  guardrailIds,
} from './guardrails';

describe('guardrailCatalogue', () => {
  it('has one entry per id, with unique kebab-case ids', () => {
    const ids = guardrailCatalogue.map(definition => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(guardrailIds).sort());
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('keeps the categories together: preventive, detective, network', () => {
    const categories = guardrailCatalogue.map(
      definition => definition.category,
    );
    expect([...new Set(categories)]).toEqual([
      'preventive',
      'detective',
      'network',
    ]);
  });

  it('writes control ids in the published formats', () => {
    for (const { controls } of guardrailCatalogue) {
      for (const id of controls.securityHub ?? []) {
        expect(id).toMatch(/^[A-Za-z0-9]+\.\d+$/);
      }
      for (const id of controls.cis ?? []) {
        expect(id).toMatch(/^\d+(\.\d+)+$/);
      }
    }
  });

  it('maps the detective guardrails to their Security Hub controls', () => {
    expect(getGuardrailDefinition('root-mfa')?.controls).toEqual({
      securityHub: ['IAM.9'],
      cis: ['1.5'],
    });
    expect(getGuardrailDefinition('vpc-flow-logs')?.controls).toEqual({
      securityHub: ['EC2.6'],
      cis: ['3.7'],
    });
    expect(getGuardrailDefinition('nope')).toBeUndefined();
  });

  it("is listed whole in the README's guardrail table, with its control ids", () => {
    const readme = readFileSync(
      resolve(__dirname, '../../../README.md'),
      'utf8',
    );
    for (const { id, title, controls } of guardrailCatalogue) {
      const row = readme
        .split('\n')
        .find(line => line.startsWith(`| \`${id}\``));
      expect(row).toBeDefined();
      expect(row).toContain(title);
      for (const control of controls.securityHub ?? []) {
        expect(row).toContain(`SH ${control}`);
      }
      for (const control of controls.cis ?? []) {
        expect(row).toContain(`CIS ${control}`);
      }
    }
  });
});
