import { BenchOptions } from './bench-options';
import { BootTime } from './boot-time';
import { CapacityCheck } from './capacity';
import { LoadMeasurement } from './load';
import { MemoryFigure, TouchCost, UserSessionsCost } from './store-costs';

/** One line of the table. */
export interface BenchRow {
  /** Short name, e.g. `peer` or `auth GET /auth/me`. */
  name: string;
  /** What the row measures, in a few words. */
  what: string;
  measurement: LoadMeasurement;
  /** req/s of this row over the peer row's and the classic row's. */
  vsPeer: number | null;
  vsClassic: number | null;
  /** A project row's or a hooked twin's req/s over its bare twin's (the median of the rounds' ratios). */
  vsTwin: number | null;
  /** A project row's req/s over its hooked twin's (bare Fastify with the platform's hooks), the median of the rounds' ratios. */
  vsHookedTwin: number | null;
  /** A project row's req/s over the limit row's (the median of the rounds' ratios). */
  vsLimit: number | null;
}

/** One goal of the issue, and whether this run met it. */
export interface GoalResult {
  goal: string;
  actual: string;
  met: boolean;
}

/** The machine the figures come from. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  redis: string;
  /** 1-minute load average when the run began and when it ended: others' work shows here. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  startedAt: string;
  seconds: number;
  options: BenchOptions;
  machine: MachineInfo;
  rows: BenchRow[];
  memory: MemoryFigure;
  touch: TouchCost;
  userSessions: UserSessionsCost[];
  capacity: CapacityCheck;
  boot: BootTime[];
  goals: GoalResult[];
}
