/** Background jobs (imports, batch scoring) run off the request thread, with progress events. */
import type { JobInfo } from '../../src-shared/types';
import type { ParsedRequest } from '../../src-shared/ipc-contract';
import type { ProjectSession } from './project-session';

/** Starts, lists and cancels jobs; progress goes out as `ecg:job.progress` / `ecg:job.done`. */
export interface JobHost {
  startImport(session: ProjectSession, req: ParsedRequest<'ecg:dataset.import'>): string;
  startQuantify(session: ProjectSession, req: ParsedRequest<'ecg:quantify.start'>): string;
  cancel(jobId: string): boolean;
  list(): JobInfo[];
}
