import { type Page, expect, test } from '@playwright/test'
import { useServer } from './session'

// The page runs under its Content-Security-Policy without a single violation: every view that draws (curve and
// residual charts with their hover readouts, forecast, compare, export preview, import) is opened once, and
// each refusal the browser reports (a securitypolicyviolation event or a console message) fails the test.

const server = useServer()

/** Records every CSP violation of the page from its first script on (a string: this runs in the page). */
const RECORD_VIOLATIONS = `
  window.__cspViolations = []
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ': ' + event.sample)
  })
`

/** Starts recording; returns a function that lists what the page refused so far. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = []
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) messages.push(message.text())
  })
  await page.addInitScript(RECORD_VIOLATIONS)
  return async () => [...((await page.evaluate('window.__cspViolations')) as string[]), ...messages]
}

/** Moves the pointer across a chart so that its readout tooltip shows. */
async function hoverAcross(page: Page, testid: string): Promise<void> {
  const box = await page.getByTestId(testid).boundingBox()
  if (!box) throw new Error(`${testid} is not on screen`)
  for (const share of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * share, box.y + box.height * 0.5, { steps: 4 })
}

test('the window draws every view without a Content-Security-Policy violation', async ({ page }) => {
  const violations = await watchViolations(page)
  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')

  // One fitted curve: its chart, residuals and their hover readouts.
  await page.getByTestId('curve-row').first().click()
  await page.getByTestId('fit-button').click()
  await page.getByTestId('fit-scope-selected').check()
  await page.getByTestId('fit-breaks').selectOption('1')
  await page.getByTestId('fit-crop').selectOption('none')
  await page.getByTestId('fit-run').click()
  await expect(page.getByTestId('status-fitted')).toContainText('1 fitted', { timeout: 90_000 })
  await hoverAcross(page, 'curve-chart')
  await expect(page.locator('[data-testid="curve-chart"] div').filter({ hasText: 'BNSL' }).first()).toBeVisible()
  await hoverAcross(page, 'residual-chart')

  // A forecast at 10x: its bands on the chart, its readout and its table.
  await page.getByTestId('side-forecast').click()
  await page.getByTestId('forecast-at-10x').click()
  await page.getByTestId('forecast-run').click()
  await expect(page.getByTestId('forecast-row')).toHaveCount(1, { timeout: 120_000 })
  await hoverAcross(page, 'curve-chart')
  await page.getByTestId('side-details').click()

  // Compare, export with its preview, import.
  await page.getByTestId('tab-compare').click()
  await expect(page.getByTestId('win-rates')).toBeVisible()
  await page.getByTestId('tab-curve').click()
  await page.getByTestId('export-button').click()
  const preview = page.getByTestId('export-preview')
  await expect(preview).toBeVisible()
  await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
  await page.keyboard.press('Escape')
  await page.getByTestId('import-button').click()
  await page.keyboard.press('Escape')

  expect(await violations()).toEqual([])
})
