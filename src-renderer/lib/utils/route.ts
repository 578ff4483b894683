/** Hash routes of the renderer (`#/segments`, `#/segment/42`…): parse and format, no side effects. */

export type ViewName = 'projects' | 'segments' | 'segment' | 'record' | 'labels' | 'review' | 'export';

/** A parsed route. */
export interface Route {
  view: ViewName;
  /** Segment id for the `segment` view. */
  segmentId: number | null;
  /** Record id for the `record` view (absent elsewhere). */
  recordId?: number;
}

const VIEWS: ViewName[] = ['projects', 'segments', 'segment', 'record', 'labels', 'review', 'export'];

/** Parses a location hash; anything unknown goes to `fallback`. */
export function parseRoute(hash: string, fallback: ViewName = 'segments'): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const view = parts[0] as ViewName | undefined;
  if (view === 'segment' || view === 'record') {
    const id = Number(parts[1]);
    if (!Number.isInteger(id) || id < 0 || parts[1] === undefined) {
      return { view: 'segments', segmentId: null };
    }
    return view === 'segment' ? { view, segmentId: id } : { view, segmentId: null, recordId: id };
  }
  if (view && VIEWS.includes(view)) {
    return { view, segmentId: null };
  }
  return { view: fallback, segmentId: null };
}

/** Formats a route as a hash. */
export function formatRoute(route: Route): string {
  if (route.view === 'segment' && route.segmentId !== null) {
    return `#/segment/${route.segmentId}`;
  }
  return route.view === 'record' && route.recordId !== undefined ? `#/record/${route.recordId}` : `#/${route.view}`;
}
