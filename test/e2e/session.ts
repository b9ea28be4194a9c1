import { join } from 'node:path'
import { type Page, test } from '@playwright/test'
import { type RunningServer, startServer } from './server'

/** Starts the browser-mode server (2 worker threads) before the file's tests and stops it after; returns a getter. */
export function useServer(): () => RunningServer {
  let server: RunningServer | undefined
  test.beforeAll(async () => {
    server = await startServer(['--threads', '2'])
  })
  test.afterAll(async () => {
    await server?.stop()
  })
  return () => {
    if (!server) throw new Error('the server has not started')
    return server
  }
}

/** A screenshot in test-results/screens/, to look at after the run. */
export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join('test-results', 'screens', `${name}.png`) })

/** Answers the window's path prompt (browser mode has no native file dialog). */
export async function answerPathPrompt(page: Page, path: string): Promise<void> {
  await page.getByTestId('path-prompt-input').fill(path)
  await page.getByTestId('path-prompt-ok').click()
}
