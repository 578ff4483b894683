/** The engine services the workstation uses, built once per host (null where not available). */
import type { ExportService } from './export-service';
import type { JobHost } from './job-host';
import type { ScalogramService } from './scalogram-service';

/** Engine-backed services shared by the Electron and web hosts. */
export interface Services {
  scalograms: ScalogramService | null;
  exports: ExportService | null;
  jobs: JobHost | null;
}

/** Builds the services available in this build. */
export function createServices(): Services {
  return { scalograms: null, exports: null, jobs: null };
}
