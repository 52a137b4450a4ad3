/*
 * The bundled designs, by command-line name.
 */

import type { Design } from '../design.ts';
import { v5_10 } from './v5.10/index.ts';
import { v6_18 } from './v6.18/index.ts';
import { sketch2019 } from './sketch-2019/index.ts';
import { romanV1_2019 } from './roman-v1-2019/index.ts';
import { v6_18_objstock5 } from './v6.18-objstock5/index.ts';

export const bundledDesigns: readonly Design[] = [v5_10, v6_18, sketch2019, romanV1_2019, v6_18_objstock5];

export function findBundledDesign(name: string): Design | undefined {
  return bundledDesigns.find((d) => d.info.name === name);
}
