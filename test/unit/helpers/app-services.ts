// The app's services as the browser-mode server tests run them: the built fit worker, the example project and a
// data folder of the test's own.
import { join } from 'node:path'
import { AppServices } from '../../../src/main/services/app-services'
import { builtWorkerPath, root } from './paths'

export function testServices(dataDir: string, threads: number): AppServices {
  return new AppServices({
    workerPath: builtWorkerPath(),
    exampleDir: join(root, 'resources/example'),
    resourcesDir: join(root, 'resources'),
    dataDir,
    version: '0.0.0-test',
    mode: 'browser',
    threads
  })
}
