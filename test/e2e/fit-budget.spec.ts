import { expect, test } from '@playwright/test'
import { shot, useServer } from './session'

// Issue 9, item 5: a fit has a time budget the user sets in the Fit panel; a fit that runs past it is listed as
// failed with a message that names it and the budget, and the budget is kept in the project's settings.

const server = useServer()

test('the Fit panel takes a time budget, refuses a bad one, and a fit past its budget is listed as failed', async ({ page }) => {
  await page.goto(server().url)
  await expect(page.getByTestId('status-curves')).toHaveText('72 curves')
  await page.getByTestId('curve-row').first().click()
  await page.getByTestId('fit-this-curve').click()
  const budget = page.getByTestId('fit-time-budget')
  await expect(budget).toHaveValue('300')

  await budget.fill('0')
  await expect(page.getByTestId('fit-time-budget-problem')).toContainText('seconds above 0')
  await expect(page.getByTestId('fit-run')).toBeDisabled()
  await shot(page, 'b01-fit-panel-bad-budget')

  // A thousandth of a second: the BNSL fit (a grid search and several least-squares runs) cannot finish.
  for (const form of ['M1', 'M2', 'M3', 'M4']) await page.getByTestId(`fit-form-${form}`).uncheck()
  await budget.fill('0.001')
  await expect(page.getByTestId('fit-time-budget-problem')).toHaveCount(0)
  await page.getByTestId('fit-run').click()
  const outcome = page.getByTestId('fit-outcome')
  await expect(outcome).toContainText('1 fit failed', { timeout: 60_000 })
  await outcome.getByText('Show the failed fits').click()
  await expect(outcome).toContainText('stopped after its time budget of 0.001 s')
  await shot(page, 'b02-fit-past-budget')

  // The panel opens again with the budget the project now keeps.
  await page.getByTestId('fit-this-curve').click()
  await expect(page.getByTestId('fit-time-budget')).toHaveValue('0.001')
})
