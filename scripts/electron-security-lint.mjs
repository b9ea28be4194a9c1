// Runs Electronegativity (@doyensec/electronegativity) over the sources and fails on any finding above
// INFORMATIONAL that is not reviewed below, and on any file it could not parse. Offline: its two network
// calls (translations, Electron's release list) never leave the machine.
//   node scripts/electron-security-lint.mjs [folder]     (default: src)
import Module, { createRequire } from 'node:module'
import { relative, resolve, sep } from 'node:path'

const require = createRequire(import.meta.url)

/** Checks not run, by class name, each with its reason. */
const EXCLUDED_CHECKS = {
  // Downloads Electron's release list from GitHub to look for newer patch releases: needs the network, and
  // keeping Electron current is the job of `npm outdated` / `npm audit`, not of a lint that must run offline.
  AvailableSecurityFixesGlobalCheck: 'needs the network'
}

/** Findings reviewed and accepted: check id, file (from the project root), the finding's text, and why. */
const REVIEWED = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'src/main/index.ts',
    description: /^Review the use of preload scripts/,
    reason:
      'reviewed: the preload runs sandboxed with context isolation and exposes only window.api built from ' +
      'the contract (src/preload/index.ts); every request is checked in main (sender frame and payload)'
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'src/renderer/index.html',
    description: /seems to be vulnerable/,
    reason:
      "the evaluator's only remark is \"'self' in script-src can be problematic with JSONP, Angular or " +
      "uploaded files\": the page's origin serves only the built bundle (app://) or the bundle and a JSON " +
      'API sent with nosniff (browser mode), which no browser runs as a script'
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'src/main/app-protocol.ts',
    description: /^Failed to parse CSP/,
    reason:
      'the header is the constant CONTENT_SECURITY_POLICY, which Electronegativity cannot read; the same ' +
      "policy is evaluated in index.html's meta, and test/unit/electron-csp.test.ts keeps the two equal"
  }
]

/** Puts a stand-in for `got` (Electronegativity's HTTP client) in the module cache: every request answers 404. */
function stayOffline(runnerPath) {
  const gotPath = createRequire(runnerPath).resolve('got')
  const stub = new Module(gotPath)
  stub.filename = gotPath
  stub.loaded = true
  // 404 keeps the bundled en-US texts; the release list is never asked for (its check is excluded).
  stub.exports = async () => ({ statusCode: 404, body: '' })
  require.cache[gotPath] = stub
}

const folder = resolve(process.argv[2] ?? 'src')
const runnerPath = require.resolve('@doyensec/electronegativity/dist/runner.js')
stayOffline(runnerPath)
const run = require(runnerPath)
const { version: electronVersion } = require('electron/package.json')

const result = await run({
  input: folder,
  isSarif: false,
  customScan: [],
  excludeFromScan: Object.keys(EXCLUDED_CHECKS),
  isRelative: true,
  isVerbose: false,
  // The folder holds no package.json: name the installed Electron so version-dependent defaults are right.
  electronVersionOverride: electronVersion,
  parserPlugins: []
})

/** A file as the project names it: from the project root, with forward slashes. */
const projectFile = (file) => relative(process.cwd(), resolve(folder, file)).split(sep).join('/')
const matches = (r, issue) => r.id === issue.id && r.file === projectFile(issue.file) && r.description.test(issue.description)
const isReviewed = (issue) => REVIEWED.some((r) => matches(r, issue))
const aboveInformational = result.issues.filter((issue) => issue.severity.value > 0)
const findings = aboveInformational.filter((issue) => !isReviewed(issue))
const unparsed = result.errors.filter((error) => !error.tolerable)
// Only reviews of files in the scanned folder can have gone stale.
const stale = REVIEWED.filter(
  (r) => resolve(r.file).startsWith(folder + sep) && !aboveInformational.some((issue) => matches(r, issue))
)

const where = (issue) => (issue.file === 'N/A' ? 'the whole app' : `${projectFile(issue.file)}:${issue.location.line}`)
const line = (issue) => `  ${issue.severity.name} (${issue.confidence.name}) ${issue.id} ${where(issue)}  ${issue.description}`
for (const issue of result.issues.filter((i) => i.severity.value === 0)) console.log(`note:${line(issue)}`)
for (const issue of aboveInformational.filter(isReviewed)) console.log(`reviewed:${line(issue)}`)
if (findings.length > 0) console.error(`Electronegativity found ${findings.length} problem(s) above INFORMATIONAL:\n${findings.map(line).join('\n')}`)
for (const error of unparsed) console.error(`not checked, could not parse ${projectFile(error.file)}: ${error.message}`)
for (const r of stale) console.error(`reviewed finding no longer found, remove it from scripts/electron-security-lint.mjs: ${r.id} ${r.file}`)

const checks = result.globalChecks + result.atomicChecks
if (findings.length > 0 || unparsed.length > 0 || stale.length > 0) process.exit(1)
console.log(`Electronegativity (${checks} checks, Electron ${electronVersion}): nothing above INFORMATIONAL in ${projectFile('.')}`)
