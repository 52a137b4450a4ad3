/*
 * Every named property the suite knows: the core ones (one per invariant,
 * plus refinement) and the objections. Replay tokens name either kind.
 */

import { findObjectionProperty, OBJECTIONS } from './objections/index.ts';
import { findProperty, PROPERTIES, type PropertyDef } from './properties.ts';

export function findAnyProperty(name: string): PropertyDef | undefined {
  return findProperty(name) ?? findObjectionProperty(name);
}

export function allPropertyNames(): string[] {
  return [...PROPERTIES.map((p) => p.name), ...OBJECTIONS.map((o) => o.property.name)];
}
