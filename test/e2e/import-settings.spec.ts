import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { shot, useServer } from './session'

// Issue 9: each import starts from the new file's defaults, an import that leaves a curve nothing to fit says so
// before it is confirmed, and files picked or pasted in the window are parsed in its Web Worker.

const server = useServer()

test('an import starts from the file’s defaults and warns before leaving a curve without fit points', async ({ page }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  const workers: string[] = []
  page.on('worker', (worker) => workers.push(worker.url()))

  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')

  // A TensorBoard file of 3 steps, with "hold out the largest 100" and labels.
  await page.getByTestId('import-button').click()
  await page.getByTestId('import-path').fill(resolve('test/fixtures/import/train_loss.csv'))
  await page.getByTestId('import-read').click()
  await expect(page.getByTestId('import-preview')).toContainText('train_loss')
  await page.getByTestId('import-split-largest').check()
  await page.getByTestId('import-split-k').fill('100')
  await page.getByLabel('What x measures').fill('steps')
  await page.getByLabel('What y measures').fill('loss')
  await expect(page.getByTestId('import-shortfall')).toContainText('"train_loss" (0 fit points)')
  await expect(page.getByTestId('import-apply')).toBeDisabled()
  await shot(page, 'i01-import-shortfall')
  await page.getByTestId('import-shortfall-accept').check()
  await expect(page.getByTestId('import-apply')).toBeEnabled()
  await page.getByTestId('import-apply').click()
  await expect(page.getByTestId('status-curves')).toHaveText('73 curves')

  // The next file is read as it says: its own split, no labels, nothing to confirm.
  await page.getByTestId('import-button').click()
  await page.getByTestId('import-path').fill(resolve('test/fixtures/e2e/runs-with-a-bad-row.csv'))
  await page.getByTestId('import-read').click()
  await expect(page.getByTestId('import-preview')).toContainText('tiny-lm')
  await expect(page.getByTestId('import-split').getByRole('radio').first()).toBeChecked()
  await expect(page.getByTestId('import-split-k')).toHaveValue('1')
  await expect(page.getByLabel('What x measures')).toHaveValue('')
  await expect(page.getByLabel('What y measures')).toHaveValue('')
  await expect(page.getByTestId('import-shortfall')).toHaveCount(0)
  await expect(page.getByTestId('import-apply')).toBeEnabled()

  // A picked file that is not UTF-8 is parsed in the window's worker, read as Windows-1252, and says so.
  await page.getByTestId('import-file-input').setInputFiles({
    name: 'latin1.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('curve,x,y\nM\xfcller,1,2\nM\xfcller,10,1\n', 'latin1')
  })
  await expect(page.getByTestId('import-preview')).toContainText('Müller')
  await expect(page.getByTestId('import-warning')).toContainText('latin1.csv: not UTF-8 text (line 2 is the first that is not)')
  await shot(page, 'i02-import-not-utf8')
  expect(workers.some((url) => /parse-worker/.test(url))).toBe(true)

  // Pasted text goes through the same worker; a repeated header is refused by name.
  await page.getByTestId('import-source-paste').click()
  await page.getByTestId('import-paste').fill('curve,x,y,X\na,1,2,3\n')
  await expect(page.getByTestId('import-error')).toContainText('"x" (column 2) and "X" (column 4)')
  expect(problems).toEqual([])
})
