/**
 * Curation writes of the project model: an annotator's labels on segments, notes, and undo — all
 * appended to the label log (nothing is ever deleted), so every change is an audit event.
 */
import type { SqliteDb } from '../db/connection';
import { appendLabelEvents, labelHistory, setSegmentLabels } from '../db/labels-repo';
import { annotatorSource } from './label-fold';

/** The note undo events carry (so a later undo knows which changes were already undone). */
const UNDO_NOTE = 'undo';

/**
 * Makes `value` the annotator's noise label of each segment (events only where it changes).
 * Run inside a transaction of the caller's.
 * @returns how many segments changed.
 */
export function labelSegments(db: SqliteDb, segmentIds: number[], annotator: string, value: string, note: string | null): number {
  const source = annotatorSource(annotator);
  let changed = 0;
  for (const segmentId of segmentIds) {
    changed += setSegmentLabels(db, segmentId, source, 'noise', [value], note ?? '') > 0 ? 1 : 0;
  }
  return changed;
}

/** Adds a note: a fresh `note#k` tag by the annotator carrying the text. Run inside a transaction. */
export function appendNote(db: SqliteDb, segmentId: number, annotator: string, note: string): void {
  const notes = db.prepare("SELECT COUNT(*) FROM label_events WHERE segment_id = ? AND kind = 'tag' AND value LIKE 'note#%'").pluck().get(segmentId) as number;
  appendLabelEvents(db, [{ segmentId, kind: 'tag', value: `note#${notes + 1}`, source: annotatorSource(annotator), note }]);
}

/**
 * Reverts the annotator's latest change on a segment that is not undone yet, by appending the
 * events that restore the labels it had before that change. One change is the batch of events a
 * relabel appends with one timestamp; an undo batch cancels the latest change still standing, so
 * repeated undos walk back through the changes instead of undoing the undo.
 * @returns whether anything was appended.
 */
export function undoLatestChange(db: SqliteDb, segmentId: number, annotator: string): boolean {
  const source = annotatorSource(annotator);
  const own = labelHistory(db, segmentId).filter((e) => e.source === source && e.kind === 'noise');
  const batches: { at: string; undo: boolean; before: string[] }[] = [];
  const held = new Set<string>();
  for (const e of own) {
    if (batches.at(-1)?.at !== e.createdAt) {
      batches.push({ at: e.createdAt, undo: e.note === UNDO_NOTE, before: [...held] });
    }
    if (e.present) {
      held.add(e.value);
    } else {
      held.delete(e.value);
    }
  }
  const standing: (typeof batches)[number][] = [];
  for (const batch of batches) {
    if (batch.undo) {
      standing.pop();
    } else {
      standing.push(batch);
    }
  }
  const target = standing.at(-1);
  return target !== undefined && setSegmentLabels(db, segmentId, source, 'noise', target.before, UNDO_NOTE) > 0;
}
