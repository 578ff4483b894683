/** Hash routes and the review keyboard map. */
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route';
import { REVIEW_SHORTCUTS, reviewCommand } from './review-keys';

describe('routes', () => {
  it('round-trips every view', () => {
    for (const hash of ['#/projects', '#/segments', '#/segment/42', '#/record/7', '#/labels', '#/review', '#/export']) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });

  it('falls back on unknown or malformed routes', () => {
    expect(parseRoute('#/nope')).toEqual({ view: 'segments', segmentId: null });
    expect(parseRoute('#/segment/abc')).toEqual({ view: 'segments', segmentId: null });
    expect(parseRoute('#/record/')).toEqual({ view: 'segments', segmentId: null });
    expect(parseRoute('#/record/3')).toEqual({ view: 'record', segmentId: null, recordId: 3 });
    expect(parseRoute('', 'projects')).toEqual({ view: 'projects', segmentId: null });
  });
});

describe('review keys', () => {
  it('maps j/k/1–7/u/n/?', () => {
    expect(reviewCommand('j')).toEqual({ kind: 'next' });
    expect(reviewCommand('k')).toEqual({ kind: 'previous' });
    expect(reviewCommand('1')).toEqual({ kind: 'label', value: 'clean' });
    expect(reviewCommand('2')).toEqual({ kind: 'label', value: 'static_noise' });
    expect(reviewCommand('5')).toEqual({ kind: 'label', value: 'electrodes_problems' });
    expect(reviewCommand('6')).toEqual({ kind: 'label', value: 'unsure' });
    expect(reviewCommand('7')).toEqual({ kind: 'label', value: 'skip' });
    expect(reviewCommand('u')).toEqual({ kind: 'undo' });
    expect(reviewCommand('n')).toEqual({ kind: 'note' });
    expect(reviewCommand('?')).toEqual({ kind: 'help' });
  });

  it('ignores other keys and modified keys', () => {
    expect(reviewCommand('8')).toBeNull();
    expect(reviewCommand('0')).toBeNull();
    expect(reviewCommand('x')).toBeNull();
    expect(reviewCommand('j', { ctrl: true })).toBeNull();
    expect(reviewCommand('z', { ctrl: true, shift: true })).toBeNull();
  });

  it('undoes with Ctrl+Z and ⌘Z as with u', () => {
    expect(reviewCommand('z', { ctrl: true })).toEqual({ kind: 'undo' });
    expect(reviewCommand('Z', { meta: true })).toEqual({ kind: 'undo' });
  });

  it('documents every command in the help list', () => {
    expect(REVIEW_SHORTCUTS.map((s) => s.keys)).toEqual(['j', 'k', '1', '2', '3', '4', '5', '6', '7', 'u / Ctrl+Z', 'n', '?']);
  });
});
