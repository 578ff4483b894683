/** Relabelling actions shared by the detail and review views (each is an audit event). */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { LabelEvent } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { app } from '../state/app.svelte';
import { segments } from '../state/segments.svelte';

function annotatorOrThrow(): string {
  if (!app.annotator) {
    throw new Error('Enter your annotator name first.');
  }
  return app.annotator;
}

/** Assigns `value` as the annotator's label of a segment. */
export async function relabel(segmentId: number, value: string, note?: string): Promise<LabelEvent | null> {
  try {
    const event = await api.call(CHANNEL.labelSet, { segmentId, value, annotator: annotatorOrThrow(), note });
    segments.invalidateRows([segmentId]);
    return event;
  } catch (error) {
    app.report(error);
    return null;
  }
}

/** Undoes the annotator's last change on a segment. */
export async function undoLabel(segmentId: number): Promise<LabelEvent | null> {
  try {
    const event = await api.call(CHANNEL.labelUndo, { segmentId, annotator: annotatorOrThrow() });
    segments.invalidateRows([segmentId]);
    if (!event) {
      app.notify('Nothing to undo for this segment.');
    }
    return event;
  } catch (error) {
    app.report(error);
    return null;
  }
}

/** Adds a note to a segment's audit log. */
export async function addNote(segmentId: number, note: string): Promise<LabelEvent | null> {
  try {
    return await api.call(CHANNEL.labelNote, { segmentId, note, annotator: annotatorOrThrow() });
  } catch (error) {
    app.report(error);
    return null;
  }
}
