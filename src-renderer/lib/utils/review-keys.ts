/** Keyboard map of the review queue (pure: key → command), shared by the view and its help overlay. */
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
  { keys: 'u', action: 'undo your last change on this segment' },
  { keys: 'n', action: 'add a note' },
  { keys: '?', action: 'show / hide shortcuts' },
];

/** Maps a key (KeyboardEvent.key) to a command; null for keys the queue ignores or with modifiers. */
export function reviewCommand(key: string, modifiers: { ctrl?: boolean; meta?: boolean; alt?: boolean } = {}): ReviewCommand | null {
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
