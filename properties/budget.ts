/*
 * The fixed budget `npm test` runs every bundled design with: one seed,
 * 1000 sequences of up to 80 kernel calls each, two CPUs. Properties that
 * hold must hold under all of it; findings are pinned at this seed.
 * `npm run deep` explores beyond it with fresh seeds.
 */

export const BUDGET = { seed: 2026, numRuns: 1000, maxCommands: 80, nrCpus: 2 } as const;
