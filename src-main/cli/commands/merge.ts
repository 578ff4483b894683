/** `ecgnq merge a.sqlite b.sqlite … --into project.sqlite`: combine shard results into one project. */
import type { Command } from 'commander';
import { mergeProjects } from '../../engine/db/merge';

export function register(program: Command): void {
  program
    .command('merge')
    .description('Merge project databases (e.g. shard results of quantify --shard) into one; nothing is added twice')
    .argument('<sources...>', 'project databases to merge')
    .requiredOption('--into <project>', 'target project (created if missing)')
    .option('--json', 'print the summary as JSON')
    .action((sources: string[], o: { into: string; json?: boolean }) => {
      const summary = mergeProjects(o.into, sources);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      for (const s of summary) {
        process.stdout.write(
          `${s.path}: +${s.records} records, +${s.segments} segments, +${s.labelEvents} label events, +${s.scores} scores` +
            `${s.conflicts.length ? `; ${s.conflicts.length} conflicting records skipped (${s.conflicts.slice(0, 5).join(', ')})` : ''}\n`,
        );
      }
    });
}
