import { describe, expect, test } from 'vitest'
import { buildResidualOption } from '../../src/figures/chart-option'
import { POINT_DIGITS, formatCompact, formatFull, formatPointValue, formatRmsle } from '../../src/renderer/src/lib/format'
import { curve, fit } from './helpers/chart-fixtures'

// The window shows values to a few significant digits; the full value is one hover or copy away.
describe('values in the window', () => {
  test.each([
    [0.9862999999895692, '0.9863'],
    [0.30000000000000004, '0.3'],
    [1.5e9, '1.5e9'],
    [123456, '123456'],
    [1234567, '1.23457e6'],
    [0.000012345678, '1.23457e-5'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '0']
  ])('a point value %d reads %s, without float noise', (value, shown) => {
    expect(formatPointValue(value)).toBe(shown)
  })

  test('a point value keeps more digits than a table cell', () => {
    expect(POINT_DIGITS).toBeGreaterThan(3)
    expect(formatPointValue(3.14159265)).toBe('3.14159')
    expect(formatCompact(3.14159265)).toBe('3.14')
  })

  test('the full value, for titles and copies, reads back to the same number', () => {
    for (const value of [0.9862999999895692, 0.1 + 0.2, 1e-300, 123456789.123]) {
      expect(Number(formatFull(value))).toBe(value)
    }
  })

  test.each([
    [0, '0'],
    [0.0123, '0.0123'],
    [0.000123, '1.23e-4'],
    [1.5, '1.5'],
    [null, '—'],
    [Number.NaN, '—']
  ])('an RMSLE of %d reads %s (a perfect fit is 0, not 0.00e+0)', (value, shown) => {
    expect(formatRmsle(value)).toBe(shown)
  })

  test.each([
    [999.95, 3, '1e3'],
    [9999.6, 4, '1e4'],
    [0.00099996, 3, '0.001'],
    [99.96, 3, '100']
  ])('%d rounded to %d digits carries into the next power of ten as %s', (value, digits, shown) => {
    expect(formatCompact(value, digits)).toBe(shown)
  })
})

test('the residual chart names a hovered point by its significant digits, not its float noise', () => {
  const noisy = curve()
  noisy.points[0] = { ...noisy.points[0], x: 1000.0000000000001, y: 0.9862999999895692 }
  const option = buildResidualOption(noisy, [fit('M1', { b: 2, c: -0.3 })], { xLog: true, yLog: true })
  const tooltip = option.tooltip as { formatter: (params: { data?: unknown }) => string }
  const text = tooltip.formatter({ data: [1000, 0.01, 0] })
  expect(text).toContain('x = 1000<br/>y = 0.9863<')
  expect(text).not.toContain('99999')
})
