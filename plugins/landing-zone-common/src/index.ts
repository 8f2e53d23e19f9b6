/**
 * Common types, guardrail catalogue and permissions of the landing-zone plugin.
 *
 * @packageDocumentation
 */

export * from './facts';
export * from './checks';
export * from './guardrails';
export * from './permissions';
export * from './api';
export * from './owner';
export * from './evidence';
export * from './scope';
