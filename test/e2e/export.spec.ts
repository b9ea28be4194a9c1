import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { answerPathPrompt, shot, useServer } from './session'

// Exporting in the browser mode: fit two curves of the example, preview their figure at its real size, make it a
// double-column PDF, write it (and again, replacing it), write an HTML report, and the Compare table as CSV.

const server = useServer()

test('a researcher exports a figure, a report and the compare table of fitted curves', async ({ page }) => {
  const consoleErrors: string[] = []
  page.on('pageerror', (error) => consoleErrors.push(error.message))

  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')
  await page.getByTestId('curve-row').first().click()
  const title = (await page.getByTestId('curve-title').textContent())?.trim() ?? ''
  expect(title).not.toBe('')

  // Fit two curves (one break, no crop: quick).
  await page.getByTestId('curve-row').nth(1).click({ modifiers: ['Shift'] })
  await page.getByTestId('fit-button').click()
  await expect(page.getByTestId('fit-scope-selected')).toBeChecked()
  await page.getByTestId('fit-breaks').selectOption('1')
  await page.getByTestId('fit-crop').selectOption('none')
  await page.getByTestId('fit-run').click()
  await expect(page.getByTestId('status-fitted')).toContainText('2 fitted', { timeout: 90_000 })

  // Export opens on the two selected curves, overlaid; the preview is main's SVG, loaded at its real size.
  await page.getByTestId('export-button').click()
  const dialog = page.getByTestId('export-dialog')
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('export-scope-selection')).toBeChecked()
  await expect(page.getByTestId('export-count')).toContainText('2 curves')
  await expect(page.getByTestId('export-layout')).toHaveValue('overlay')
  const preview = page.getByTestId('export-preview')
  await expect(preview).toBeVisible()
  await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
  await expect(page.getByTestId('export-size')).toHaveText('3.25 × 2.40 in (8.26 × 6.10 cm)')
  expect(Math.round((await preview.boundingBox())?.width ?? 0)).toBe(312) // 3.25 in at 96 CSS px per inch
  await shot(page, 'e01-export-figure-single-column')

  // A width out of range is named beside the field and keeps Export off; a preset puts it right.
  await page.getByTestId('export-width').fill('30')
  await expect(page.getByTestId('export-width-problem')).toContainText('widthIn must be a number from 1 to 20')
  await expect(page.getByTestId('export-run')).toBeDisabled()
  await page.getByTestId('export-unit-cm').click()
  await expect(page.getByTestId('export-width')).toHaveValue('76.2') // 30 in, converted
  await expect(page.getByTestId('export-width-problem')).toContainText('2.54 to 50.8 cm')
  await shot(page, 'e01b-export-width-problem')
  await page.getByTestId('export-unit-in').click()
  await page.getByTestId('export-width-preset').selectOption('double')
  await expect(page.getByTestId('export-width-problem')).toHaveCount(0)
  await expect(page.getByTestId('export-size')).toHaveText('6.75 × 2.40 in (17.15 × 6.10 cm)')
  await expect(preview).toHaveAttribute('style', /width: 6\.75in/)
  await expect(page.getByTestId('export-preview-waiting')).toHaveCount(0)
  await expect.poll(async () => Math.round((await preview.boundingBox())?.width ?? 0)).toBe(648)

  // Small multiples, for the look of it.
  await page.getByTestId('export-layout').selectOption('small-multiples')
  await expect(page.getByTestId('export-shared-axes')).toBeEnabled()
  await expect(page.getByTestId('export-preview-waiting')).toHaveCount(0)
  await shot(page, 'e02-export-figure-double-small-multiples')

  // PNG asks for a resolution; PDF does not. A PDF, written where the path prompt says.
  await page.getByTestId('export-format').selectOption('png')
  await expect(page.getByTestId('export-dpi')).toHaveValue('300')
  await page.getByTestId('export-per-curve').scrollIntoViewIfNeeded()
  await shot(page, 'e02b-export-figure-file-options')
  await page.getByTestId('export-format').selectOption('pdf')
  await expect(page.getByTestId('export-dpi')).toHaveCount(0)
  const figurePath = join(server().dataDir, 'figure.pdf')
  await page.getByTestId('export-run').click()
  await answerPathPrompt(page, figurePath)
  await expect(page.getByTestId('export-done')).toHaveText(`Wrote 1 file: ${figurePath}`)
  await expect(dialog).toBeVisible()
  const pdf = await readFile(figurePath)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')

  // Again onto the same file: asked first, then replaced.
  await page.getByTestId('export-run').click()
  await answerPathPrompt(page, figurePath)
  await expect(page.getByTestId('confirm-dialog')).toContainText('figure.pdf')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('export-done')).toHaveText(`Wrote 1 file: ${figurePath}`)
  await expect(page.getByTestId('export-error')).toHaveCount(0)

  // One SVG per curve into a folder (made if missing); the window's shortcuts stay off under the dialog.
  await page.getByTestId('export-per-curve').check()
  await expect(page.getByTestId('export-layout')).toBeDisabled()
  await page.getByTestId('export-format').selectOption('svg')
  const folder = join(server().dataDir, 'figures')
  await page.getByTestId('export-run').click()
  await answerPathPrompt(page, folder)
  await expect(page.getByTestId('export-done')).toContainText(`Wrote 2 files: ${folder}`)
  const written = ((await page.getByTestId('export-done').getAttribute('title')) ?? '').split('\n')
  expect(written).toHaveLength(2)
  expect(await readFile(written[1], 'utf8')).toMatch(/^<svg/)
  await page.getByTestId('export-per-curve').uncheck()
  await page.keyboard.press('Control+o')
  await expect(page.getByTestId('confirm-dialog').or(page.getByTestId('path-prompt'))).toHaveCount(0)

  // A report of the two curves as one HTML file: the curve is in it, nothing is loaded from elsewhere.
  await page.getByTestId('export-kind-report').click()
  await page.getByTestId('export-report-format').selectOption('html')
  await expect(page.getByTestId('export-report-summary')).toContainText('2 curves, 2 fitted')
  await shot(page, 'e03-export-report')
  const reportPath = join(server().dataDir, 'report.html')
  await page.getByTestId('export-run').click()
  await answerPathPrompt(page, reportPath)
  await expect(page.getByTestId('export-done')).toHaveText(`Wrote 1 file: ${reportPath}`)
  const html = await readFile(reportPath, 'utf8')
  expect(html).toContain(title)
  expect(html).not.toMatch(/https?:\/\//)

  // Escape closes the dialog; the Compare view writes its table as CSV.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await page.getByTestId('tab-compare').click()
  const csvPath = join(server().dataDir, 'compare.csv')
  await page.getByTestId('compare-export-csv').click()
  await answerPathPrompt(page, csvPath)
  await expect(page.getByTestId('compare-export-done')).toContainText(csvPath)
  await shot(page, 'e04-compare-exported')
  const csv = (await readFile(csvPath, 'utf8')).trim().split(/\r?\n/)
  expect(csv[0]).toContain('curve')
  expect(csv).toHaveLength(73)
  expect(csv.some((line) => line.includes(title))).toBe(true)

  expect(consoleErrors).toEqual([])
})
