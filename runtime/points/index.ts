/** Deputies' performance points (DOMAIN §7.3–7.5, §8): rules as data, the entry machine, triggers, 亮分. Pure. */
export * from './rules.ts';
export * from './entry-machine.ts';
export * from './triggers.ts';
export * from './ranking.ts';
export * from './grading.ts';
export * from './grade-band-check.ts';
