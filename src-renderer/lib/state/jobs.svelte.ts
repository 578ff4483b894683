/** Background jobs as seen by the renderer (imports, batch scoring), kept live by progress events. */
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { JobInfo } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { app } from './app.svelte';

class JobsState {
  jobs = $state<JobInfo[]>([]);
  private subscribed = false;

  async init(): Promise<void> {
    if (!this.subscribed) {
      this.subscribed = true;
      api.on(EVENT.jobProgress, (job) => this.upsert(job));
      api.on(EVENT.jobDone, (job) => {
        this.upsert(job);
        if (job.state === 'done') {
          void app.refreshSummary();
        } else if (job.state === 'failed') {
          app.report(new Error(`${job.kind} failed: ${job.error ?? 'unknown error'}`));
        }
      });
    }
    try {
      this.jobs = await api.call(CHANNEL.jobList, {});
    } catch (error) {
      app.report(error);
    }
  }

  upsert(job: JobInfo): void {
    const i = this.jobs.findIndex((j) => j.jobId === job.jobId);
    this.jobs = i < 0 ? [job, ...this.jobs] : this.jobs.map((j, k) => (k === i ? job : j));
  }
}

/** The jobs state singleton. */
export const jobs = new JobsState();
