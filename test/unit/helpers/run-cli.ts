// Runs the built command line (npm test builds before vitest) to the end, as a user would.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { root } from './paths'

export const bin = join(root, 'bin/scaling-studio.js')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
