// What one benchmark section is: a name, how it measures, and a run that returns figures.
import type { Figure } from './report.js';

export interface SectionContext {
  /** Progress lines go to stderr so the table on stdout stays clean. */
  log(message: string): void;
}

export interface Section {
  /** Short id for `--only`. */
  name: string;
  title: string;
  /** How the section measures and what its baselines are, for RESULTS.md. */
  method: string[];
  /** Why the section cannot run yet (a dependency not built), or undefined. */
  missing?(): string | undefined;
  run(context: SectionContext): Promise<Figure[]>;
}
