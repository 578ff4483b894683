/**
 * Segment details, fetched ahead: on pointer-down in the table and on navigation to a segment, so
 * the request is in flight while the previous view is torn down and the detail view mounts.
 */
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { SegmentDetail } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { Prefetcher } from '../utils/prefetch';
import { app } from './app.svelte';

export const segmentDetails = new Prefetcher<number, SegmentDetail>((segmentId) => api.call(CHANNEL.segmentDetail, { segmentId }));

app.onNavigate((route) => {
  if (route.view === 'segment' && route.segmentId !== null) {
    segmentDetails.prefetch(route.segmentId);
  }
});
api.on(EVENT.labelsChanged, () => segmentDetails.clear());
