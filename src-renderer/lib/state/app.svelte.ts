/** App-wide state: back-end info, the open project, its PSNR threshold, the route, theme, annotator and messages. */
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { AppInfo, ProjectSummary } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { errorMessage } from '../utils/handle-error';
import { formatRoute, parseRoute, type Route } from '../utils/route';
import { addMessage, type Message } from '../utils/messages';
import { roundThresholdDb } from '../../../src-shared/psnr';

export type { Message };

const THEME_KEY = 'ecgnq.theme';
/** Quiet time before a threshold change is stored in the project (the slider sends many). */
const THRESHOLD_STORE_MS = 250;
/** Shortest interval between reloads after outside changes, ms. */
const RELOAD_INTERVAL_MS = 1000;

class AppState {
  info = $state.raw<AppInfo | null>(null);
  summary = $state.raw<ProjectSummary | null>(null);
  route = $state<Route>(parseRoute(typeof window === 'undefined' ? '' : window.location.hash));
  dark = $state(false);
  annotator = $state<string | null>(null);
  messages = $state<Message[]>([]);
  loading = $state(true);
  /** Bumped when labels change anywhere, so views refetch. */
  labelsVersion = $state(0);
  /** Bumped when another process changed the project (import, scoring), so views re-query. */
  projectVersion = $state(0);
  /**
   * The project's PSNR threshold, dB (predicted noisy at or below it) — the one threshold of the
   * renderer: charts, confusion matrix, filters, flags and review all read it. The project file
   * stores it; {@link setThreshold} changes both.
   */
  thresholdDb = $state(24);
  /** Bumped once a threshold change is stored, so views whose data the back end judged at it re-query. */
  thresholdVersion = $state(0);
  private thresholdTimer: ReturnType<typeof setTimeout> | null = null;
  /** `performance.now()` of the last route change (views report their open time from it). */
  navigatedAt = 0;
  private readonly navigationListeners: ((route: Route) => void)[] = [];
  private nextId = 1;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private lastReloadMs = -Infinity;

  /**
   * Loads info + project summary; subscribes to label events. `whenProjectOpen` runs as soon as the
   * back end says a project is open, before the summary arrives (to start the first view's query).
   */
  async init(whenProjectOpen: () => void = () => {}): Promise<void> {
    const stored = localStorage.getItem(THEME_KEY);
    this.dark = stored ? stored === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
    window.addEventListener('hashchange', () => {
      const route = parseRoute(window.location.hash);
      if (window.location.hash !== formatRoute(this.route)) {
        this.navigatedAt = performance.now();
        this.notifyNavigation(route);
      }
      this.route = route;
    });
    api.on(EVENT.labelsChanged, () => {
      this.labelsVersion += 1;
    });
    api.on(EVENT.projectChanged, () => this.reloadProject());
    try {
      this.info = await api.call(CHANNEL.appInfo, {});
      if (this.info.projectPath !== null) {
        whenProjectOpen();
      }
      await this.refreshSummary();
      if (!this.summary) {
        this.go({ view: 'projects', segmentId: null });
      }
    } catch (error) {
      this.report(error);
    } finally {
      this.loading = false;
    }
  }

  async refreshSummary(): Promise<void> {
    this.summary = await api.call(CHANNEL.projectSummary, {});
    this.annotator = this.summary ? localStorage.getItem(this.annotatorKey()) : null;
    if (this.summary && this.thresholdTimer === null && this.summary.thresholdDb !== this.thresholdDb) {
      this.thresholdDb = this.summary.thresholdDb;
      this.thresholdVersion += 1;
    }
  }

  /**
   * Reloads what the views show after another process changed the project: at once, then at most
   * once a second while changes keep coming (a scoring run commits every record).
   */
  private reloadProject(): void {
    if (this.reloadTimer !== null) {
      return;
    }
    this.reloadTimer = setTimeout(
      () => {
        this.reloadTimer = null;
        this.lastReloadMs = Date.now();
        this.projectVersion += 1;
        this.labelsVersion += 1;
        this.refreshSummary().catch((error: unknown) => this.report(error));
      },
      Math.max(0, this.lastReloadMs + RELOAD_INTERVAL_MS - Date.now()),
    );
  }

  /** Navigates (updates the hash; the hashchange listener updates `route`). */
  go(route: Route): void {
    const hash = formatRoute(route);
    this.navigatedAt = performance.now();
    this.notifyNavigation(route);
    if (window.location.hash !== hash) {
      window.location.hash = hash;
    }
    this.route = route;
  }

  /** Calls `listener` with the new route at each navigation, before any view changes. */
  onNavigate(listener: (route: Route) => void): void {
    this.navigationListeners.push(listener);
  }

  private notifyNavigation(route: Route): void {
    for (const listener of this.navigationListeners) {
      listener(route);
    }
  }

  /** Sets the project's threshold: shown at once, stored in the project after a quiet moment. */
  setThreshold(thresholdDb: number): void {
    if (!Number.isFinite(thresholdDb)) {
      return;
    }
    this.thresholdDb = roundThresholdDb(thresholdDb);
    if (this.thresholdTimer !== null) {
      clearTimeout(this.thresholdTimer);
    }
    this.thresholdTimer = setTimeout(() => void this.storeThreshold(), THRESHOLD_STORE_MS);
  }

  /** Stores a threshold change still waiting for its quiet moment now (before a query that depends on it). */
  async flushThreshold(): Promise<void> {
    if (this.thresholdTimer !== null) {
      clearTimeout(this.thresholdTimer);
      await this.storeThreshold();
    }
  }

  private async storeThreshold(): Promise<void> {
    this.thresholdTimer = null;
    try {
      const stored = await api.call(CHANNEL.thresholdSet, { thresholdDb: this.thresholdDb });
      this.thresholdDb = stored.thresholdDb;
      this.thresholdVersion += 1;
    } catch (error) {
      this.report(error);
    }
  }

  toggleTheme(): void {
    this.dark = !this.dark;
    localStorage.setItem(THEME_KEY, this.dark ? 'dark' : 'light');
  }

  /** Remembers the annotator name for this project. */
  setAnnotator(name: string): void {
    this.annotator = name.trim();
    localStorage.setItem(this.annotatorKey(), this.annotator);
  }

  report(error: unknown): void {
    const text = errorMessage(error);
    if (text !== null) {
      this.addMessage('error', text);
    }
  }

  notify(text: string): void {
    const id = this.addMessage('info', text);
    setTimeout(() => this.dismiss(id), 4000);
  }

  /** Adds a message, or counts a repeat of one already shown (one failure seen by three views is one message). */
  private addMessage(kind: Message['kind'], text: string): number {
    const added = addMessage(this.messages, kind, text, this.nextId);
    if (added.id === this.nextId) {
      this.nextId += 1;
    }
    this.messages = added.messages;
    return added.id;
  }

  dismiss(id: number): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  private annotatorKey(): string {
    return `ecgnq.annotator:${this.summary?.path ?? ''}`;
  }
}

/** The app state singleton. */
export const app = new AppState();
