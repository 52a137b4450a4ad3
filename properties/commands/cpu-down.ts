import fc from 'fast-check';
import { pick, type OpDef } from '../actions.ts';
import { argCount, argCpu } from '../notation.ts';
import { cpuInvalid } from './common.ts';

/*
 * CPU hot-unplug. Its tasks are first migrated to the lowest other online
 * CPU (as the scheduler does before the CPU dies), then the memcg hotplug
 * callback (memcg_hotplug_cpu_dead) runs for it.
 */
export const cpuDownOp: OpDef<'cpuDown', number> = {
  op: 'cpuDown',
  fns: ['cpu_down'],
  doc: "a CPU goes offline: its tasks move away, then memcg_hotplug_cpu_dead drains its stocks",
  raw: fc.nat(),
  resolve: (ix, h) => {
    const online = h.onlineCpus();
    return online.length < 2 ? null : { op: 'cpuDown', cpu: pick(online, ix)! };
  },
  invalid: (a, h) => cpuInvalid(h, a.cpu) ?? (h.onlineCpus().length < 2 ? 'the last online CPU cannot go down' : null),
  apply: (a, h) => {
    const to = h.onlineCpus().find((c) => c !== a.cpu)!;
    const moved = h.tasks().filter((t) => h.env.taskCpu.get(t) === a.cpu);
    for (const t of moved) {
      h.design.taskRunOn(t, to);
      h.env.taskCpu.set(t, to);
    }
    h.design.cpuOffline(a.cpu);
    h.env.online[a.cpu] = false;
    return { result: moved.map((t) => `${t}->cpu${to}`).join(' '), failedCharge: false };
  },
  format: (a) => `cpu_down(cpu${a.cpu})`,
  parse: (c) => (argCount(c, 1), { op: 'cpuDown', cpu: argCpu(c, 0) }),
};
