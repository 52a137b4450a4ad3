/*
 * Roman Gushchin's three objections to Johannes Weiner's obj_cgroup sketch
 * (reply of 2019-10-30, shared/seed/), each as a named property that runs
 * against every design.
 */

import type { PropertyDef } from '../properties.ts';
import { objection1 } from './refs.ts';
import { objection2 } from './switch-cost.ts';
import { objection3 } from './large-objects.ts';

export { objection1, objection2, objection3 };

export interface Objection {
  readonly id: 1 | 2 | 3;
  readonly title: string;
  /** Roman's words, from the seed message. */
  readonly quote: string;
  readonly property: PropertyDef;
}

export const OBJECTIONS: readonly Objection[] = [
  {
    id: 1,
    title: 'Reference balance',
    quote: 'try_charge() will bump the memcg reference. [...] Memcg will be basically referenced once for each stock cache miss. I struggle to understand what does it mean and how to balance it with unreferencing on the free path.',
    property: objection1,
  },
  {
    id: 2,
    title: 'Switch cost',
    quote: 'If a task belonging to a different memcg is scheduled on this cpu, most likely we will need to refill both stocks, even if we need only a small temporarily allocation.',
    property: objection2,
  },
  {
    id: 3,
    title: 'Large objects',
    quote: "Percpu allocations (on which accounting I'm working right now) can be larger than a page.",
    property: objection3,
  },
];

/** The objection property of that name (replay tokens name it), or undefined. */
export function findObjectionProperty(name: string): PropertyDef | undefined {
  return OBJECTIONS.find((o) => o.property.name === name)?.property;
}
