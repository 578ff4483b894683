/** Background jobs (imports, batch scoring) run off the request thread, with progress events. */
import { CHANNEL } from '../../src-shared/contract-names';
import type { JobInfo } from '../../src-shared/types';
import type { ParsedRequest } from '../../src-shared/ipc-contract';
import type { ProjectSession } from './project-session';

/** Starts, lists and cancels jobs; progress goes out as `ecg:job.progress` / `ecg:job.done`. */
export interface JobHost {
  startImport(session: ProjectSession, req: ParsedRequest<typeof CHANNEL.datasetImport>): string;
  startQuantify(session: ProjectSession, req: ParsedRequest<typeof CHANNEL.quantifyStart>): string;
  cancel(jobId: string): boolean;
  list(): JobInfo[];
}
