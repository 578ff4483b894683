/** Hash routes of the renderer (`#/segments`, `#/segment/42`…): parse and format, no side effects. */

export type ViewName = 'projects' | 'segments' | 'segment' | 'labels' | 'review' | 'export';

/** A parsed route. */
export interface Route {
  view: ViewName;
  /** Segment id for the `segment` view. */
  segmentId: number | null;
}

const VIEWS: ViewName[] = ['projects', 'segments', 'segment', 'labels', 'review', 'export'];

/** Parses a location hash; anything unknown goes to `fallback`. */
export function parseRoute(hash: string, fallback: ViewName = 'segments'): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const view = parts[0] as ViewName | undefined;
  if (view === 'segment') {
    const id = Number(parts[1]);
    return Number.isInteger(id) && id >= 0 ? { view, segmentId: id } : { view: 'segments', segmentId: null };
  }
  if (view && VIEWS.includes(view)) {
    return { view, segmentId: null };
  }
  return { view: fallback, segmentId: null };
}

/** Formats a route as a hash. */
export function formatRoute(route: Route): string {
  return route.view === 'segment' && route.segmentId !== null ? `#/segment/${route.segmentId}` : `#/${route.view}`;
}
