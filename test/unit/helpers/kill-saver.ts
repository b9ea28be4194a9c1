// The child process of kill-safety.test.ts (bundled there, run by node): saves the project file and autosaves the
// recovery copy with the real store, alternating two versions of each, until it is killed.
//   node kill-saver.mjs <data folder> <project file>
import { ProjectStore } from '../../../src/main/services/project-store'
import { killVersions } from './kill-projects'

const [dataDir, projectPath] = process.argv.slice(2)
const store = new ProjectStore({ dataDir })
const { saved, edited } = killVersions()
process.stdout.write('ready\n')
for (let i = 0; ; i++) {
  await Promise.all([store.save(projectPath, saved[i % 2]), store.autosave(edited[i % 2], projectPath)])
}
