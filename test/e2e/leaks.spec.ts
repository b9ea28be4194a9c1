import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Page, expect, test } from '@playwright/test'
import { projectFromCurves } from '../../src/shared/project/document'
import { answerPathPrompt, shot, useServer } from './session'

// Issue 9, state that leaks between actions, tried as a new user would: what one project showed (a fit's
// banner, a form picked, a selection, forecast drafts) must not show in the next; the name follows the file
// saved to; a relative path lands where the prompt says; values read without float noise.

const server = useServer()

const NOISY_Y = 0.9862999999895692
const xs = [1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6]

/** A project of two small curves (the first point's y carries float noise) written into the server's data dir. */
async function writeProject(file: string, name: string): Promise<string> {
  const curve = (curveName: string, scale: number): { name: string; x: number[]; y: number[]; split: Array<'fit' | 'heldout'> } => ({
    name: curveName,
    x: xs,
    y: xs.map((x, i) => (i === 0 && scale === 1 ? NOISY_Y : scale * 8 * x ** -0.3)),
    split: xs.map((_, i) => (i < 6 ? 'fit' : 'heldout'))
  })
  const path = join(server().dataDir, file)
  await writeFile(path, JSON.stringify(projectFromCurves([curve('alpha', 1), curve('beta', 2)], { name })))
  return path
}

async function openProject(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-project').click()
  await answerPathPrompt(page, path)
  await expect(page.getByTestId('path-prompt')).toHaveCount(0)
}

/** Fits M1 and M2 (quick) to every curve and waits for the banner. */
async function fitQuickly(page: Page): Promise<void> {
  await page.getByTestId('fit-button').click()
  for (const form of ['BNSL', 'M3', 'M4']) await page.getByTestId(`fit-form-${form}`).uncheck()
  await page.getByTestId('fit-crop').selectOption('none')
  await page.getByTestId('fit-scope-all').check()
  await page.getByTestId('fit-run').click()
  await expect(page.getByTestId('fit-outcome')).toContainText('Fitted 2 curves', { timeout: 60_000 })
}

test('what one project showed is gone when another is opened or a new one is made', async ({ page }) => {
  const path = await writeProject('sweep.ssproj.json', 'Sweep')
  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')
  await openProject(page, path)
  await expect(page.getByTestId('status-curves')).toHaveText('2 curves')

  // The point inspector: significant digits on screen, every digit in the title.
  await page.getByTestId('inspect-first-point').click()
  await expect(page.getByTestId('point-y')).toHaveText('0.9863')
  await expect(page.getByTestId('point-y')).toHaveAttribute('title', String(NOISY_Y))
  await expect(page.getByTestId('point-x')).toHaveText('1000')
  await shot(page, 'l01-point-inspector')

  // Fit, pick M2 for the residuals of the second curve, change the forecast seed and pick a crossover partner.
  await fitQuickly(page)
  await page.getByTestId('curve-row').nth(1).click()
  await expect(page.getByTestId('curve-title')).toHaveText('beta')
  await page.getByTestId('residual-form').selectOption('M2')
  await page.getByTestId('side-forecast').click()
  await page.locator('details.settings summary').click()
  await page.getByTestId('forecast-seed').fill('7')
  await page.getByTestId('forecast-seed').press('Enter')
  await expect(page.locator('details.settings .summary-text')).toContainText('seed 7')
  await page.getByTestId('forecast-partner').selectOption({ label: 'alpha' })
  await page.getByTestId('save-project').click()
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0)

  // Opening the project again starts afresh: no banner, the first curve, the best form, the project's seed.
  await openProject(page, path)
  await expect(page.getByTestId('curve-title')).toHaveText('alpha')
  await expect(page.getByTestId('fit-outcome')).toHaveCount(0)
  await expect(page.getByTestId('residual-form')).toHaveValue('')
  await expect(page.locator('details.settings .summary-text')).toContainText('seed 1')
  await expect(page.getByTestId('forecast-partner')).toHaveValue('')
  await shot(page, 'l02-reopened-afresh')

  // So does New after a fit.
  await fitQuickly(page)
  await page.getByTestId('new-project').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('status-curves')).toHaveText('0 curves')
  await expect(page.getByTestId('fit-outcome')).toHaveCount(0)
})

test('the project takes the name of the file it is saved to, until the user names it', async ({ page }) => {
  const dataDir = server().dataDir
  await page.goto(server().url)
  await page.getByTestId('new-project').click()
  await expect(page.getByTestId('project-name')).toHaveText('Untitled')

  // Without a project file, the prompt names the folder a relative path would land in.
  await page.getByTestId('save-as-project').click()
  await expect(page.getByTestId('path-prompt-base')).toContainText('started in')
  await page.getByTestId('path-prompt-input').fill('my-llm-runs')
  await expect(page.getByTestId('path-prompt-resolved')).toContainText(join(process.cwd(), 'my-llm-runs.ssproj.json'))
  await shot(page, 'l03-prompt-working-folder')
  await page.getByTestId('path-prompt-input').fill(join(dataDir, 'my-llm-runs'))
  await expect(page.getByTestId('path-prompt-resolved')).toContainText(join(dataDir, 'my-llm-runs.ssproj.json'))
  await page.getByTestId('path-prompt-ok').click()
  await expect(page.getByTestId('project-name')).toHaveText('my-llm-runs')
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0)
  const saved = JSON.parse(await readFile(join(dataDir, 'my-llm-runs.ssproj.json'), 'utf8')) as { name: string }
  expect(saved.name).toBe('my-llm-runs')

  // With one, a relative path is taken from the project's folder, and the prompt says so.
  await page.getByTestId('save-as-project').click()
  await expect(page.getByTestId('path-prompt-base')).toContainText('the open project’s folder')
  await expect(page.getByTestId('path-prompt-base')).toContainText(dataDir)
  await page.getByTestId('path-prompt-input').fill('relative-copy')
  await expect(page.getByTestId('path-prompt-resolved')).toHaveText(`Whole path ${join(dataDir, 'relative-copy.ssproj.json')}`)
  await shot(page, 'l04-prompt-project-folder')
  await page.getByTestId('path-prompt-ok').click()
  await expect(page.getByTestId('project-name')).toHaveText('relative-copy')
  expect(existsSync(join(dataDir, 'relative-copy.ssproj.json'))).toBe(true)
  expect(existsSync(join(process.cwd(), 'relative-copy.ssproj.json'))).toBe(false)

  // A name the user typed stays whatever the file is called.
  await page.getByTestId('project-name').click()
  await page.getByLabel('Project name').fill('Chinchilla replication')
  await page.getByLabel('Project name').press('Enter')
  await page.getByTestId('save-as-project').click()
  await answerPathPrompt(page, 'chin')
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0)
  await expect(page.getByTestId('project-name')).toHaveText('Chinchilla replication')
  const named = JSON.parse(await readFile(join(dataDir, 'chin.ssproj.json'), 'utf8')) as { name: string }
  expect(named.name).toBe('Chinchilla replication')
})
