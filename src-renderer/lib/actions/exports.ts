/** Export actions of the Export view: preview, download, and scoring what an export had to leave out. */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { ExportPreview, ExportRequest } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { app } from '../state/app.svelte';
import { formatCount } from '../utils/format';

/** The preview of an export request (throws on failure: the view shows the message in place). */
export function previewExport(request: ExportRequest): Promise<ExportPreview> {
  return api.call(CHANNEL.exportPreview, request);
}

/** Runs an export and hands the CSV to the browser as a download; tells what it holds. */
export async function downloadExport(request: ExportRequest): Promise<void> {
  try {
    const file = await api.call(CHANNEL.exportRun, request);
    const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = file.filename;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    app.notify(`Exported ${formatCount(file.rowCount)} rows to ${file.filename}. ${file.summary}`);
  } catch (error) {
    app.report(error);
  }
}

/** Starts batch scoring of the project's unscored segments (default model and sampling) and shows its progress. */
export async function scoreUnscored(): Promise<void> {
  try {
    const { jobId } = await api.call(CHANNEL.quantifyStart, {});
    app.notify(`Scoring the unscored segments (${jobId}); export again when it is done.`);
    app.go({ view: 'projects', segmentId: null });
  } catch (error) {
    app.report(error);
  }
}
