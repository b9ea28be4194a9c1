import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// npm run lint:electron: Electronegativity over a folder fails on what it finds above INFORMATIONAL and on
// files it cannot read, naming each; the reviewed findings of src/ do not excuse the same check elsewhere.

const run = promisify(execFile)
let folder: string

/** Runs the lint on a folder; its exit code and everything it printed. */
async function lint(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/electron-security-lint.mjs', dir])
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'scaling-studio-electron-lint-'))
  for (const name of ['insecure', 'unparsable']) mkdirSync(join(folder, name, 'main'), { recursive: true })
  // The window settings of an app that lets its page reach Node, with a preload nobody reviewed.
  writeFileSync(
    join(folder, 'insecure', 'main', 'index.ts'),
    [
      "import { BrowserWindow } from 'electron'",
      'const window = new BrowserWindow({',
      "  webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, preload: 'p.js' }",
      '})',
      "void window.loadURL('http://example.com/')"
    ].join('\n')
  )
  writeFileSync(join(folder, 'unparsable', 'main', 'index.ts'), 'const window = new BrowserWindow({ webPreferences: {')
})

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('the Electron security lint', () => {
  it('fails on an insecure window and names each finding with its file and line', async () => {
    const { code, output } = await lint(join(folder, 'insecure'))
    expect(code).toBe(1)
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
      expect(output).toMatch(new RegExp(`${id} \\S*insecure/main/index\\.ts:\\d+`))
    }
    expect(output).toMatch(/HIGH \(CERTAIN\) LIMIT_NAVIGATION_GLOBAL_CHECK the whole app/)
    // The preload was reviewed in src/main/index.ts only: here it is a finding like any other.
    expect(output).toMatch(/MEDIUM \(\w+\) PRELOAD_JS_CHECK \S*insecure\/main\/index\.ts/)
    expect(output).not.toMatch(/^reviewed:/m)
  })

  it('fails on a file it cannot parse rather than skipping it', async () => {
    const { code, output } = await lint(join(folder, 'unparsable'))
    expect(code).toBe(1)
    expect(output).toMatch(/not checked, could not parse \S*unparsable\/main\/index\.ts: Unexpected token/)
  })
})
