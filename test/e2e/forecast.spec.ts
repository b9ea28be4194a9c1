import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { answerPathPrompt, shot, useServer } from './session'

// Issue 6's journey in the browser mode: open the example, open the forecast panel of a curve, ask for 10x,
// see the band on the chart and the numbers in the table, save, reopen and find the forecast again.

const server = useServer()

test('a researcher forecasts 10x beyond a curve, with its band, and finds it again after reopening', async ({ page }) => {
  const consoleErrors: string[] = []
  page.on('pageerror', (error) => consoleErrors.push(error.message))

  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')
  await page.getByTestId('curve-row').first().click()
  const title = (await page.getByTestId('curve-title').textContent()) ?? ''

  // Open the forecast panel and ask for y at 10x the largest fit x.
  await page.getByTestId('side-forecast').click()
  await expect(page.getByTestId('forecast-panel')).toBeVisible()
  await page.getByTestId('forecast-at-10x').click()
  // And for the x where the error reaches 0.3.
  await page.getByTestId('forecast-y-input').fill('0.3')
  await page.getByTestId('forecast-add-y').click()
  await page.getByTestId('forecast-run').click()
  await shot(page, 'f01-forecast-running')

  // The bootstrap's answer: one row with the 80% and 95% prediction intervals, not approximate.
  await expect(page.getByTestId('forecast-summary')).toContainText('Forecast 1 curve', { timeout: 120_000 })
  const row = page.getByTestId('forecast-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('10×')
  await expect(row.locator('td.interval')).toHaveCount(2)
  await expect(row.locator('td.interval').first()).toContainText('–')
  await expect(page.getByTestId('forecast-approximate')).toHaveCount(0)
  await expect(page.getByTestId('forecast-targets')).toContainText('0.3')
  // auto forecasts from BNSL: its form heads the list of candidates, the other forms below with their weights.
  await expect(page.getByTestId('forecast-chosen-form')).toContainText('BNSL')
  await page.locator('.candidates-box summary').click()
  await expect(page.getByTestId('forecast-candidates').locator('tbody tr').first()).toContainText('BNSL')
  await expect(page.getByTestId('forecast-candidates').locator('tbody tr')).toHaveCount(5)
  await page.locator('details.settings summary').click()
  await shot(page, 'f02b-candidates-and-settings')
  await page.locator('details.settings summary').click()
  await page.locator('.candidates-box summary').click()
  await expect(page.getByTestId('dirty-marker')).toBeVisible()

  // The chart draws the bands (one custom series per level) and the forecast points.
  const chart = page.getByTestId('curve-chart')
  await expect(chart).toHaveAttribute('data-series', /band:0\.8\b/)
  await expect(chart).toHaveAttribute('data-series', /band:0\.95\b/)
  await expect(chart).toHaveAttribute('data-series', /forecast:points/)
  expect(await chart.getAttribute('aria-label')).toContain(title)
  await shot(page, 'f02-forecast-10x')

  // Hovering beyond the data shows the readout with the forecast and its band.
  const box = await page.getByTestId('curve-chart').boundingBox()
  if (!box) throw new Error('the chart has no box')
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5)
  await expect(page.locator('[data-testid="curve-chart"] div').filter({ hasText: 'Forecast (' }).first()).toBeVisible()
  await shot(page, 'f03-hover-readout')

  // A crossover with a second curve: its crossings with intervals, or "no crossover in range".
  await page.getByTestId('forecast-partner').selectOption({ index: 1 })
  await page.getByTestId('forecast-crossover-run').click()
  await expect(page.getByTestId('forecast-crossings').or(page.getByTestId('forecast-no-crossover'))).toBeVisible({ timeout: 120_000 })
  await page.getByTestId('forecast-partner').scrollIntoViewIfNeeded()
  await shot(page, 'f03b-crossover')

  // Save, reopen in a fresh page, and find the forecast: its row, its numbers, not stale.
  const cells = await row.locator('td').allTextContents()
  const projectPath = join(server().dataDir, 'forecast.ssproj.json')
  await page.getByTestId('save-as-project').click()
  await answerPathPrompt(page, projectPath)
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0)
  const saved = JSON.parse(await readFile(projectPath, 'utf8')) as { forecasts: Record<string, { at: number[] }>; crossovers: unknown[] }
  expect(Object.values(saved.forecasts)).toHaveLength(1)
  expect(saved.crossovers).toHaveLength(1)

  const reopened = await page.context().newPage()
  await reopened.goto(server().url)
  await reopened.getByTestId('open-project').click()
  await answerPathPrompt(reopened, projectPath)
  await expect(reopened.getByTestId('status-curves')).toHaveText('72 curves')
  await reopened.getByTestId('curve-search').fill(title)
  await reopened.getByTestId('curve-row').first().click()
  await expect(reopened.getByTestId('curve-title')).toHaveText(title)
  await reopened.getByTestId('side-forecast').click()
  await expect(reopened.getByTestId('forecast-row')).toHaveCount(1)
  expect(await reopened.getByTestId('forecast-row').locator('td').allTextContents()).toEqual(cells)
  await expect(reopened.getByTestId('forecast-stale')).toHaveCount(0)
  await shot(reopened, 'f04-reopened')

  // Excluding a point makes the forecast stale until it is recomputed.
  await reopened.getByTestId('side-details').click()
  await reopened.getByTestId('inspect-first-point').click()
  await reopened.getByTestId('point-excluded').check()
  await reopened.getByTestId('side-forecast').click()
  await expect(reopened.getByTestId('forecast-stale')).toBeVisible()
  await reopened.getByTestId('forecast-run').click()
  await expect(reopened.getByTestId('forecast-summary')).toContainText('Forecast 1 curve', { timeout: 120_000 })
  await expect(reopened.getByTestId('forecast-stale')).toHaveCount(0)

  expect(consoleErrors).toEqual([])
})
