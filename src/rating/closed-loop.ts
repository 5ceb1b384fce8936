// The closed loop of grass-roots cases (三率: 响应率, 办结率, 满意率) on the reform board. The
// grass-roots cases provide them (closed-loop-cases.ts); a deployment may replace the
// provider, or set none, and the board then shows the section as not connected rather than a
// made-up figure.
import type { Kysely } from 'kysely';
import { casesClosedLoop } from './closed-loop-cases.js';
import type { Database } from '../store/schema.js';
import type { Period } from './rankings.js';

export interface ClosedLoopFigures {
  /** Cases received in the period. */
  received: number;
  /** 响应率, 办结率, 满意率: 0..1, null when there is nothing to rate. */
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** Townships (or departments) ranked by the provider, best first. */
  ranking: Array<{ key: string; name: string; score: number }>;
}

export interface ClosedLoopProvider {
  figures(db: Kysely<Database>, q: { regionCode: string; period: Period }): Promise<ClosedLoopFigures>;
}

let provider: ClosedLoopProvider | null = casesClosedLoop;

/** Replaces the provider (null: the board says the closed loop is not connected). */
export function registerClosedLoopProvider(p: ClosedLoopProvider | null): void {
  provider = p;
}

export function closedLoopProvider(): ClosedLoopProvider | null {
  return provider;
}
