// The batch worker's entry when its bundle cannot be built (see worker-bundle.ts). On Node 20 a worker thread does not inherit tsx's loader from the
// main thread, and `execArgv: ['--import', 'tsx']` is not honoured for a .ts entry, so this plain
// module loads the TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
