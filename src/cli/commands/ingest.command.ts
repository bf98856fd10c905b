import { Command, CommandRunner, Option } from 'nest-commander';
import { Inject } from '@nestjs/common';
import { EVENT_SOURCES } from '../../ingest/adapter.registry';
import { IngestService } from '../../ingest/ingest.service';
import { CoreContext } from '../core-context';
import { readInputFiles } from '../input-files';
import { printJson, runCommand, say } from '../output';
import { progressBar } from '../progress';

interface IngestFlags {
  source: string;
  instance?: string;
  json?: boolean;
}

@Command({
  name: 'ingest',
  arguments: '<files...>',
  description: `Append flag events from files (JSON, JSON array, platform export or NDJSON) as one atomic batch. Sources: ${EVENT_SOURCES.join(', ')}`,
})
export class IngestCommand extends CommandRunner {
  constructor(@Inject(CoreContext) private readonly core: CoreContext) {
    super();
  }

  async run(files: string[], flags: IngestFlags): Promise<void> {
    await runCommand(async () => {
      const ingest = await this.core.get(IngestService);
      const bar = flags.json ? null : progressBar('ingesting');
      const result = await ingest.ingestDocuments(readInputFiles(files, this.core.getConfig().maxLineBytes), {
        source: flags.source,
        instance: flags.instance,
        onProgress: (n) => bar?.update(n),
      });
      bar?.stop();
      if (flags.json) printJson(result);
      else say(`received ${result.received}, appended ${result.appended}, duplicates ${result.duplicates}` +
        (result.firstSeq ? ` (seq ${result.firstSeq}..${result.lastSeq})` : ''));
    });
  }

  @Option({ flags: '--source <source>', description: 'platform format of the records', required: true })
  parseSource(v: string): string {
    return v;
  }

  @Option({ flags: '--instance <name>', description: 'source instance name (default "default")' })
  parseInstance(v: string): string {
    return v;
  }

  @Option({ flags: '--json', description: 'print {received, appended, duplicates, firstSeq, lastSeq}' })
  parseJson(): boolean {
    return true;
  }
}
