import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type Page, expect, test } from '@playwright/test'
import { answerPathPrompt, shot, useServer } from './session'

// The whole journey of issue 3 in the browser mode: example project, import with a bad row, fit all with
// progress, cancel a second run, compare forms, exclude a point and refit, undo, save, reopen.

const server = useServer()

async function fitAll(page: Page, breaks: string, crop: 'auto' | 'none'): Promise<void> {
  await page.getByTestId('fit-button').click()
  await page.getByTestId('fit-breaks').selectOption(breaks)
  await page.getByTestId('fit-crop').selectOption(crop)
  await page.getByTestId('fit-scope-all').check()
  await page.getByTestId('fit-run').click()
}

test('a researcher imports, fits, compares, edits, undoes, saves and reopens a project', async ({ page }) => {
  const consoleErrors: string[] = []
  page.on('pageerror', (error) => consoleErrors.push(error.message))

  // First start opens the example project: 72 curves of the vision benchmark.
  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')
  await expect(page.getByTestId('curve-row').first()).toBeVisible()
  await shot(page, '01-example-project')

  // Import a CSV with one bad row: the row is reported with its number and reason, the good rows import.
  await page.getByTestId('import-button').click()
  await page.getByTestId('import-source-file').click()
  await page.getByTestId('import-path').fill(resolve('test/fixtures/e2e/runs-with-a-bad-row.csv'))
  await page.getByTestId('import-read').click()
  await expect(page.getByTestId('import-preview')).toContainText('tiny-lm')
  await expect(page.getByTestId('import-preview')).toContainText('small-lm')
  await expect(page.getByTestId('import-skipped')).toContainText('11')
  await expect(page.getByTestId('import-skipped')).toContainText('not-a-number')
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves') // nothing changed before Import
  await shot(page, '02-import-preview')
  await page.getByTestId('import-apply').click()
  await expect(page.getByTestId('status-curves')).toHaveText('74 curves')
  await expect(page.getByTestId('dirty-marker')).toBeVisible()

  // Fit all curves (1-break BNSL and M1-M4): progress shows, then every curve is fitted.
  await fitAll(page, '1', 'none')
  await expect(page.getByTestId('fit-progress')).toBeVisible()
  await shot(page, '03-fitting')
  await expect(page.getByTestId('fit-outcome')).toBeVisible({ timeout: 150_000 })
  await expect(page.getByTestId('status-fitted')).toContainText('74 fitted')
  await shot(page, '04-fitted')

  // A second, slower run (break and crop selection) is cancelled once some fits are done; nothing is lost.
  await fitAll(page, 'auto', 'auto')
  await expect(page.getByTestId('fit-done')).not.toHaveText('0', { timeout: 60_000 })
  await page.getByTestId('fit-cancel').click()
  await expect(page.getByTestId('fit-outcome')).toHaveClass(/cancelled/, { timeout: 20_000 })
  await expect(page.getByTestId('status-fitted')).toContainText('74 fitted')

  // Compare forms across the project: a win rate per form.
  await page.getByTestId('tab-compare').click()
  await expect(page.getByTestId('win-rates')).toContainText('%')
  await expect(page.getByTestId('project-row').first()).toBeVisible()
  await shot(page, '05-compare')

  // Exclude a point of the imported curve and refit that curve.
  await page.getByTestId('tab-curve').click()
  await page.getByTestId('curve-search').fill('tiny-lm')
  await page.getByTestId('curve-row').first().click()
  await expect(page.getByTestId('curve-title')).toContainText('tiny-lm')
  await page.getByTestId('inspect-first-point').click()
  await page.getByTestId('point-excluded').check()
  await expect(page.getByTestId('status-points')).toContainText('(1 excluded)')
  await expect(page.getByTestId('status-fitted')).toContainText('stale')
  await page.getByTestId('fit-this-curve').click()
  await page.getByTestId('fit-breaks').selectOption('1')
  await page.getByTestId('fit-run').click()
  await expect(page.getByTestId('status-fitted')).not.toContainText('stale', { timeout: 60_000 })
  await shot(page, '06-excluded-and-refitted')

  // Undo step by step back to before the exclusion (the refit, its settings change, the exclusion),
  // each step named in the Undo button's tooltip; then redo them all.
  const undo = page.getByTestId('undo')
  await expect(undo).toHaveAttribute('title', /fit/i)
  await undo.click()
  await expect(page.getByTestId('status-fitted')).toContainText('stale')
  let steps = 1
  while ((await page.getByTestId('status-points').textContent())?.includes('excluded') && steps < 4) {
    await undo.click()
    steps++
  }
  await expect(page.getByTestId('status-points')).not.toContainText('excluded')
  await expect(page.getByTestId('redo')).toHaveAttribute('title', /exclude/i)
  for (let i = 0; i < steps; i++) await page.getByTestId('redo').click()
  await expect(page.getByTestId('status-points')).toContainText('(1 excluded)')
  await expect(page.getByTestId('status-fitted')).not.toContainText('stale')

  // Save, then reopen in a fresh page and find everything as it was.
  const projectPath = join(server().dataDir, 'journey.ssproj.json')
  await page.getByTestId('save-as-project').click()
  await answerPathPrompt(page, projectPath)
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0)
  const before = {
    curves: await page.getByTestId('status-curves').textContent(),
    points: await page.getByTestId('status-points').textContent(),
    fitted: await page.getByTestId('status-fitted').textContent()
  }

  const reopened = await page.context().newPage()
  await reopened.goto(server().url)
  // The most recent project opens on start; opening it explicitly checks the Open path too.
  await reopened.getByTestId('open-project').click()
  await answerPathPrompt(reopened, projectPath)
  await expect(reopened.getByTestId('status-curves')).toHaveText(before.curves ?? '')
  await expect(reopened.getByTestId('status-points')).toHaveText(before.points ?? '')
  await expect(reopened.getByTestId('status-fitted')).toHaveText(before.fitted ?? '')
  await reopened.getByTestId('curve-search').fill('tiny-lm')
  await reopened.getByTestId('curve-row').first().click()
  await expect(reopened.getByTestId('curve-fits-table').or(reopened.getByTestId('fit-glance-row').first())).toBeVisible()
  await shot(reopened, '07-reopened')

  // A point's weight is an edit like any other: the curve's fits go stale until it is refitted.
  await reopened.getByTestId('inspect-first-point').click()
  await reopened.getByTestId('point-next').click()
  await reopened.getByTestId('point-weight').fill('3')
  await reopened.getByTestId('point-weight').press('Enter')
  await expect(reopened.getByTestId('status-fitted')).toContainText('stale')
  await expect(reopened.getByTestId('undo')).toHaveAttribute('title', /weight/i)

  // Save as onto an existing project asks first; declining leaves the file as it was.
  await reopened.getByTestId('new-project').click()
  await reopened.getByTestId('confirm-ok').click() // discard the unsaved weight edit
  await expect(reopened.getByTestId('status-curves')).toHaveText('0 curves')
  await reopened.getByTestId('save-as-project').click()
  await answerPathPrompt(reopened, projectPath)
  await expect(reopened.getByText('Replace the file?')).toBeVisible()
  await reopened.getByRole('button', { name: 'Cancel' }).click()
  const kept = JSON.parse(await readFile(projectPath, 'utf8')) as { curves: unknown[] }
  expect(kept.curves).toHaveLength(74)

  expect(consoleErrors).toEqual([])
})
