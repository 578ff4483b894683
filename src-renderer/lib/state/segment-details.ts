/**
 * Segment details, fetched ahead: on pointer-down in the table, on navigation to a segment and for
 * the review queue's next item, so the request is in flight (or done) before the detail view mounts.
 */
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { SegmentDetail } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { Prefetcher } from '../utils/prefetch';
import { app } from './app.svelte';

/** Entries live 10 s; any label change clears them (the detail carries labels and their history). */
export const segmentDetails = new Prefetcher<number, SegmentDetail>((segmentId) => api.call(CHANNEL.segmentDetail, { segmentId }), 10_000);

app.onNavigate((route) => {
  if (route.view === 'segment' && route.segmentId !== null) {
    segmentDetails.prefetch(route.segmentId);
  }
});
api.on(EVENT.labelsChanged, () => segmentDetails.clear());
