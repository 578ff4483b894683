/** Keyboard map of curation (pure: key → command), shared by the review and detail views and their help overlay. */
import { SHORTCUT_LABELS } from '../../../src-shared/labels';

/** What a key press asks for. */
export type ReviewCommand =
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'label'; value: string }
  | { kind: 'undo' }
  | { kind: 'note' }
  | { kind: 'help' };

/** Shortcut list for the help overlay. */
export const REVIEW_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'j', action: 'next segment' },
  { keys: 'k', action: 'previous segment' },
  ...SHORTCUT_LABELS.map((label, i) => ({ keys: String(i + 1), action: `label ${label.replace(/_/g, ' ')}` })),
  { keys: 'u / Ctrl+Z', action: 'undo your last relabel (wherever it was)' },
  { keys: 'n', action: 'add a note' },
  { keys: '?', action: 'show / hide shortcuts' },
];

/** Maps a key (KeyboardEvent.key) to a command; null for keys it ignores or with modifiers (but Ctrl/⌘+Z, undo). */
export function reviewCommand(key: string, modifiers: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {}): ReviewCommand | null {
  if ((modifiers.ctrl || modifiers.meta) && !modifiers.alt && !modifiers.shift && key.toLowerCase() === 'z') {
    return { kind: 'undo' };
  }
  if (modifiers.ctrl || modifiers.meta || modifiers.alt) {
    return null;
  }
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'next' };
    case 'k':
    case 'ArrowUp':
      return { kind: 'previous' };
    case 'u':
      return { kind: 'undo' };
    case 'n':
      return { kind: 'note' };
    case '?':
      return { kind: 'help' };
    default: {
      const digit = Number(key);
      if (Number.isInteger(digit) && digit >= 1 && digit <= SHORTCUT_LABELS.length && key.length === 1) {
        return { kind: 'label', value: SHORTCUT_LABELS[digit - 1] };
      }
      return null;
    }
  }
}
