/**
 * Relabelling actions shared by the table, the detail and the review views (each is an audit
 * event). The session keeps the segments you changed, newest last, so "undo" reverts *your last
 * change* wherever it was — also after the review queue has moved on to the next segment.
 */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { LabelEvent } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { app } from '../state/app.svelte';
import { segments } from '../state/segments.svelte';

/** Most segments of one bulk relabel request (the contract's limit; a larger selection goes in chunks). */
const BULK_CHUNK = 20_000;

/** Segments relabelled in this session, newest last (what undo reverts, one per press). */
const changes: number[] = [];

function annotatorOrThrow(): string {
  if (!app.annotator) {
    throw new Error('Enter your annotator name first.');
  }
  return app.annotator;
}

/** Assigns `value` as the annotator's label of a segment (remembered for {@link undoLastChange}). */
export async function relabel(segmentId: number, value: string, note?: string): Promise<LabelEvent | null> {
  try {
    const event = await api.call(CHANNEL.labelSet, { segmentId, value, annotator: annotatorOrThrow(), note });
    segments.invalidateRows([segmentId]);
    changes.push(segmentId);
    return event;
  } catch (error) {
    app.report(error);
    return null;
  }
}

/**
 * Assigns `value` to every segment of a selection (one audit event per segment that changes).
 * @returns how many segments changed, or null on failure.
 */
export async function relabelMany(segmentIds: number[], value: string): Promise<number | null> {
  try {
    let changed = 0;
    for (let k = 0; k < segmentIds.length; k += BULK_CHUNK) {
      changed += (await api.call(CHANNEL.labelSetMany, { segmentIds: segmentIds.slice(k, k + BULK_CHUNK), value, annotator: annotatorOrThrow() })).changed;
    }
    segments.invalidateRows(segmentIds);
    return changed;
  } catch (error) {
    app.report(error);
    return null;
  }
}

/**
 * Undoes your last relabel in this session, wherever it was (u, Ctrl+Z).
 * @returns the segment it reverted, or null when there was nothing to undo.
 */
export async function undoLastChange(): Promise<number | null> {
  const segmentId = changes.at(-1);
  if (segmentId === undefined) {
    app.notify('Nothing to undo: you have not relabelled anything in this session.');
    return null;
  }
  try {
    const event = await api.call(CHANNEL.labelUndo, { segmentId, annotator: annotatorOrThrow() });
    changes.pop();
    segments.invalidateRows([segmentId]);
    return event ? segmentId : null;
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
