/*
 * memcg-verify list: the bundled designs (with what they are documented to
 * fail), the properties, and the kernel calls a script may use, each with
 * one line of description.
 */

import { PROPERTIES } from '../../properties/properties.ts';
import { OPS } from '../../properties/commands/index.ts';
import { EXIT, type Subcommand } from './io.ts';
import { bundledDesigns } from './load-design.ts';
import { helpText, parseFlags, type FlagName } from './options.ts';
import { textTable } from './tables.ts';

const FLAGS: readonly FlagName[] = ['json', 'help'];

export const run: Subcommand = async (args, io) => {
  const { flags } = parseFlags('list', args, FLAGS, { min: 0, max: 0, usage: 'no arguments' });
  if (flags.help) {
    io.out(helpText('list', '[--json]', 'List the bundled designs, the properties and the kernel calls scripts may use.', FLAGS));
    return EXIT.OK;
  }
  const designs = (await bundledDesigns()).map((d) => ({
    name: d.info.name,
    title: d.info.title,
    kernel: d.info.kernel,
    documentedFailures: Object.entries(d.info.expected ?? {})
      .filter(([, v]) => v === 'fails')
      .map(([p]) => p),
  }));
  const properties = PROPERTIES.map((p) => ({ name: p.name, doc: p.doc }));
  const calls = Object.values(OPS).map((o) => ({ op: o.op, functions: [...o.fns], doc: o.doc }));
  if (flags.json) {
    io.out(JSON.stringify({ designs, properties, calls }, null, 2));
    return EXIT.OK;
  }
  const out = [
    'bundled designs (check --design NAME, or give a path to your own module):',
    ...designs.flatMap((d) => [
      `  ${d.name.padEnd(8)} ${d.title}`,
      `  ${''.padEnd(8)} kernel: ${d.kernel}`,
      `  ${''.padEnd(8)} documented to fail: ${d.documentedFailures.join(', ') || 'nothing'}`,
    ]),
    '',
    'properties (each checked after every step; refinement checks them all):',
    ...textTable(['name', 'checks'], properties.map((p) => [p.name, p.doc])),
    '',
    'kernel calls (script notation, as traces print them; see docs/cli.md):',
    ...textTable(['function', 'does'], calls.map((c) => [c.functions.join(', '), c.doc])),
  ];
  io.out(out.join('\n'));
  return EXIT.OK;
};
