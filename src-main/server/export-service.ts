/** Exports for the workstation (refined subset, reference scores, labels, audit log) with previews. */
import type { ExportFile, ExportPreview } from '../../src-shared/types';
import type { ExportRequest } from '../../src-shared/ipc-contract';
import type { ProjectSession } from './project-session';

/** Builds export files and their live previews. */
export interface ExportService {
  preview(session: ProjectSession, req: ExportRequest): Promise<ExportPreview> | ExportPreview;
  run(session: ProjectSession, req: ExportRequest): Promise<ExportFile> | ExportFile;
}
