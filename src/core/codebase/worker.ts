import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { fileStore, foldersSource } from './fsSource';
import { CodebaseIndexer } from './indexer';
import type { HostRequest, WorkerConfig, WorkerMessage, WorkerReply } from './workerProtocol';

/**
 * The codebase index's worker thread (bundled as dist/codebaseWorker.js; plain Node, no vscode): runs the indexer
 * over the workspace's folders on disk, so listing, reading, tokenizing, indexing, saving, loading and searching never
 * run on the extension host's event loop. The indexer still works in slices, so requests are answered while it
 * indexes (a search answers from what is indexed so far). See workerProtocol.ts for the messages.
 */

const port = parentPort;
if (!port) throw new Error('codebase worker: not started as a worker thread');

let config: WorkerConfig | undefined;
let indexer: CodebaseIndexer | undefined;

const post = (m: WorkerMessage): void => port.postMessage(m);

function open(c: WorkerConfig): CodebaseIndexer {
  const folderOf = (path: string) => c.folders.find((f) => f.prefix === '' || path.startsWith(f.prefix));
  return new CodebaseIndexer({
    // The folders are read from config at each call: a later `configure` changes them in place.
    source: foldersSource(c.folders),
    store: c.storeFile ? fileStore(c.storeFile) : undefined,
    settings: () => (config ?? c).settings,
    unavailable: () => (config ?? c).unavailable,
    excludeGlobs: (path) => folderOf(path)?.excludeGlobs ?? [],
    root: (path) => folderOf(path)?.fsPath,
    sliceMs: c.sliceMs,
    saveDelayMs: c.saveDelayMs,
    log: (message) => post({ kind: 'log', message }),
    onStatus: (status) => post({ kind: 'status', status }),
  });
}

function reply(id: number, extra: Partial<WorkerReply> = {}): void {
  const ix = indexer;
  const stats = { ...(ix?.stats() ?? { files: 0, chunks: 0 }), heapUsed: getHeapStatistics().used_heap_size };
  post({ kind: 'reply', id, status: ix?.status() ?? { state: 'indexing', indexed: 0, total: 0 }, stats, ...extra });
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function handle(m: HostRequest): Promise<void> {
  switch (m.kind) {
    case 'configure': {
      const folders = JSON.stringify([m.config.folders, m.config.storeFile]);
      const same = config !== undefined && folders === JSON.stringify([config.folders, config.storeFile]);
      config = m.config;
      if (indexer && same) {
        indexer.rescan();
        return;
      }
      // Folders or the store changed (or the first configure): a new indexer over the new folders.
      indexer?.dispose();
      indexer = open(m.config);
      indexer.start();
      return;
    }
    case 'changed':
      indexer?.fileChanged(m.path);
      return;
    case 'deleted':
      indexer?.fileDeleted(m.path);
      return;
    case 'rebuild':
      await indexer?.rebuild();
      reply(m.id);
      return;
    case 'idle':
      await indexer?.whenIdle();
      reply(m.id);
      return;
    case 'search':
      reply(m.id, { hits: indexer ? await indexer.search(m.query, m.limit, undefined, m.symbols) : [] });
      return;
  }
}

port.on('message', (m: HostRequest) => {
  handle(m).catch((e: unknown) => {
    if ('id' in m) reply(m.id, { error: errorText(e) });
    else post({ kind: 'log', message: `codebase worker: ${errorText(e)}` });
  });
});
