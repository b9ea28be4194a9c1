import { describe, expect, test } from 'vitest'
import { predict } from '../../src/core'
import { modelFor } from '../../src/core/forms'
import type { FormName } from '../../src/shared/fit-types'
import { expectRelativelyClose, logspace, mulberry32 } from './helpers/numeric'

type Params = Record<string, number>

/** BNSL as written in DESIGN.md: a + b x^-c0 prod_i (1 + (x / d_i)^(1 / f_i))^(-c_i f_i). */
function bnslByHand(p: Params, breaks: number, x: number): number {
  let y = p.b * x ** -p.c0
  for (let i = 1; i <= breaks; i++) y *= (1 + (x / p[`d${i}`]) ** (1 / p[`f${i}`])) ** (-p[`c${i}`] * p[`f${i}`])
  return p.a + y
}

describe('predict matches the DESIGN.md formulas', () => {
  const x = logspace(0, 12, 37)
  const cases: Array<{ title: string; form: FormName; breaks: number; params: Params; byHand: (x: number) => number }> = [
    { title: 'BNSL, no break: a + b x^-c0', form: 'BNSL', breaks: 0, params: { a: 0.3, b: 40, c0: 0.45 }, byHand: (v) => 0.3 + 40 * v ** -0.45 },
    { title: 'BNSL, no break, negative c0 (y grows with x)', form: 'BNSL', breaks: 0, params: { a: 1e-3, b: 2e-4, c0: -0.2 }, byHand: (v) => 1e-3 + 2e-4 * v ** 0.2 },
    {
      title: 'BNSL, 1 break, b and d many decades from 1',
      form: 'BNSL',
      breaks: 1,
      params: { a: 0.02, b: 1e6, c0: 0.6, c1: 0.4, d1: 1e9, f1: 0.3 },
      byHand: (v) => bnslByHand({ a: 0.02, b: 1e6, c0: 0.6, c1: 0.4, d1: 1e9, f1: 0.3 }, 1, v)
    },
    {
      title: 'BNSL, 2 breaks, double descent (c1 < 0)',
      form: 'BNSL',
      breaks: 2,
      params: { a: 0.01, b: 1e-4, c0: 0.5, c1: -1.2, d1: 1e4, f1: 0.3, c2: 1.0, d2: 1e7, f2: 0.5 },
      byHand: (v) => bnslByHand({ a: 0.01, b: 1e-4, c0: 0.5, c1: -1.2, d1: 1e4, f1: 0.3, c2: 1.0, d2: 1e7, f2: 0.5 }, 2, v)
    },
    {
      title: 'BNSL, 3 breaks, one of them sharp (f = 0.05)',
      form: 'BNSL',
      breaks: 3,
      params: { a: 0.05, b: 3, c0: 0.1, c1: 0.5, d1: 1e3, f1: 0.2, c2: -0.8, d2: 1e6, f2: 0.05, c3: 0.9, d3: 1e10, f3: 1.5 },
      byHand: (v) =>
        bnslByHand({ a: 0.05, b: 3, c0: 0.1, c1: 0.5, d1: 1e3, f1: 0.2, c2: -0.8, d2: 1e6, f2: 0.05, c3: 0.9, d3: 1e10, f3: 1.5 }, 3, v)
    },
    { title: 'M1: b x^c', form: 'M1', breaks: 0, params: { b: 2, c: -0.3 }, byHand: (v) => 2 * v ** -0.3 },
    { title: 'M1 with b far below 1 and c > 0', form: 'M1', breaks: 0, params: { b: 1e-8, c: 0.7 }, byHand: (v) => 1e-8 * v ** 0.7 },
    { title: 'M2: e_inf + b x^c', form: 'M2', breaks: 0, params: { e_inf: 0.5, b: 30, c: -0.25 }, byHand: (v) => 0.5 + 30 * v ** -0.25 },
    { title: 'M3: b (1/x + g)^c', form: 'M3', breaks: 0, params: { b: 3, g: 1e-8, c: 0.3 }, byHand: (v) => 3 * (1 / v + 1e-8) ** 0.3 },
    { title: 'M3 with c = 0 is the constant b', form: 'M3', breaks: 0, params: { b: 3, g: 1e-3, c: 0 }, byHand: () => 3 }
  ]
  test.each(cases)('$title', ({ form, breaks, params, byHand }) => {
    const got = predict(form, params, x, breaks)
    expect(got).toHaveLength(x.length)
    got.forEach((v, i) => expectRelativelyClose(v, byHand(x[i]), 1e-10))
  })

  const m4Cases: Array<{ title: string; params: Params }> = [
    { title: 'M4: error falls from near e_0 to near e_inf over eight decades', params: { e_inf: 0.1, e_0: 0.9, alpha: 1.5, b: 1e3, c: -0.5 } },
    { title: 'M4 with y rising towards e_0 (c > 0)', params: { e_inf: 0.02, e_0: 1, alpha: 0.7, b: 1e-4, c: 0.6 } },
    { title: 'M4 with alpha = 0 (y = e_inf + b x^c below e_0)', params: { e_inf: 0.2, e_0: 5, alpha: 0, b: 3, c: -0.4 } },
    { title: 'M4 with large alpha', params: { e_inf: 1, e_0: 3, alpha: 8, b: 50, c: -0.3 } }
  ]
  test.each(m4Cases)('$title: (y - e_inf) / (e_0 - y)^alpha = b x^c to 1e-9', ({ params }) => {
    const xs = logspace(1, 12, 23)
    const got = predict('M4', params, xs)
    got.forEach((y, i) => {
      expect(y).toBeGreaterThan(params.e_inf)
      expect(y).toBeLessThan(params.e_0)
      expectRelativelyClose((y - params.e_inf) / (params.e_0 - y) ** params.alpha, params.b * xs[i] ** params.c, 1e-9)
    })
  })

  test('one prediction per x, in input order, for unsorted x', () => {
    const xs = [1e6, 10, 1e3]
    const got = predict('BNSL', { a: 0.1, b: 5, c0: 0.3 }, xs)
    xs.forEach((v, i) => expectRelativelyClose(got[i], 0.1 + 5 * v ** -0.3, 1e-12))
  })
})

/** Random parameters in original units, spanning the ranges DESIGN.md says real fits reach. */
function randomParams(form: FormName, breaks: number, rand: () => number): Params {
  const u = (lo: number, hi: number): number => lo + (hi - lo) * rand()
  switch (form) {
    case 'BNSL': {
      const p: Params = { a: 10 ** u(-3, 0), b: 10 ** u(-4, 6), c0: u(-0.5, 1.5) }
      for (let i = 1; i <= breaks; i++) {
        p[`c${i}`] = u(-1.5, 1.5)
        p[`d${i}`] = 10 ** u(2, 10)
        p[`f${i}`] = 10 ** u(-1.3, 0.5)
      }
      return p
    }
    case 'M1':
      return { b: 10 ** u(-4, 4), c: u(-1, 1) }
    case 'M2':
      return { e_inf: 10 ** u(-3, 0), b: 10 ** u(-4, 4), c: u(-1, 1) }
    case 'M3':
      return { b: 10 ** u(-2, 2), g: 10 ** u(-10, -2), c: u(0.05, 1.5) }
    case 'M4': {
      const eInf = u(0.01, 0.5)
      return { e_inf: eInf, e_0: eInf + u(0.2, 2), alpha: u(0.2, 3), b: 10 ** u(-2, 2), c: u(-0.6, 0.6) }
    }
  }
}

const modelCases: Array<{ title: string; form: FormName; breaks: number }> = [
  { title: 'BNSL with no break', form: 'BNSL', breaks: 0 },
  { title: 'BNSL with 1 break', form: 'BNSL', breaks: 1 },
  { title: 'BNSL with 2 breaks', form: 'BNSL', breaks: 2 },
  { title: 'BNSL with 3 breaks', form: 'BNSL', breaks: 3 },
  { title: 'M1', form: 'M1', breaks: 0 },
  { title: 'M2', form: 'M2', breaks: 0 },
  { title: 'M3', form: 'M3', breaks: 0 },
  { title: 'M4', form: 'M4', breaks: 0 }
]

describe('analytic gradients match central finite differences of lnPredict', () => {
  // Relative tolerance 1e-5, against the larger of the component and 1e-4 of the largest
  // component (a break far from x has a gradient of ~1e-20 that differences cannot resolve).
  test.each(modelCases)('$title, at random raw points and x from 10 to 1e12', ({ form, breaks }) => {
    const model = modelFor(form, breaks)
    const rand = mulberry32(1000 + 10 * breaks + form.charCodeAt(form.length - 1))
    for (let trial = 0; trial < 6; trial++) {
      const lxRef = 5 + 15 * rand()
      const raw = model.fromParams(randomParams(form, breaks, rand), lxRef)
      for (let j = 0; j < 5; j++) {
        const lx = Math.log(10 ** (1 + 11 * rand())) - lxRef
        const grad = model.gradient(raw, lx)
        expect(grad).toHaveLength(raw.length)
        const fd = raw.map((v, k) => {
          const h = 1e-6 * Math.max(1, Math.abs(v))
          const up = [...raw]
          const down = [...raw]
          up[k] = v + h
          down[k] = v - h
          return (model.lnPredict(up, lx) - model.lnPredict(down, lx)) / (2 * h)
        })
        const scale = Math.max(...fd.map(Math.abs))
        fd.forEach((want, k) => {
          const where = `${form}/${breaks} raw=[${raw.join(', ')}] lx=${lx} component ${k}`
          expect(Number.isFinite(grad[k]), where).toBe(true)
          expect(Math.abs(grad[k] - want), where).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(want), 1e-4 * scale))
        })
      }
    }
  })
})

describe('toParams and fromParams are inverse', () => {
  /** Breaks in increasing order of d, the order toParams reports them in (the product over breaks commutes). */
  function breaksInOrder(params: Record<string, number>, breaks: number): Record<string, number> {
    const order = Array.from({ length: breaks }, (_, i) => i + 1).sort((i, j) => params[`d${i}`] - params[`d${j}`])
    const sorted = { ...params }
    order.forEach((i, k) => {
      for (const p of ['c', 'd', 'f']) sorted[`${p}${k + 1}`] = params[`${p}${i}`]
    })
    return sorted
  }

  test.each(modelCases)('$title: parameters -> raw -> parameters and raw -> parameters -> raw', ({ form, breaks }) => {
    const model = modelFor(form, breaks)
    const rand = mulberry32(2000 + 10 * breaks + form.charCodeAt(form.length - 1))
    for (let trial = 0; trial < 10; trial++) {
      const lxRef = -5 + 30 * rand()
      const params = breaksInOrder(randomParams(form, breaks, rand), breaks)
      const raw = model.fromParams(params, lxRef)
      expect(raw).toHaveLength(model.paramNames.length)
      const back = model.toParams(raw, lxRef)
      expect(Object.keys(back).sort()).toEqual([...model.paramNames].sort())
      for (const name of model.paramNames) expectRelativelyClose(back[name], params[name], 1e-12)
      for (let i = 2; i <= breaks; i++) expect(back[`d${i}`]).toBeGreaterThan(back[`d${i - 1}`])
      const rawBack = model.fromParams(back, lxRef)
      rawBack.forEach((v, k) => expect(Math.abs(v - raw[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(raw[k]))))
    }
  })

  test.each(modelCases)('$title: the centred raw vector predicts the same y as the parameters', ({ form, breaks }) => {
    const model = modelFor(form, breaks)
    const rand = mulberry32(3000 + 10 * breaks + form.charCodeAt(form.length - 1))
    const lxRef = Math.log(3e6)
    const params = randomParams(form, breaks, rand)
    const raw = model.fromParams(params, lxRef)
    const xs = logspace(1, 12, 12)
    const direct = predict(form, params, xs, breaks)
    xs.forEach((v, i) => expectRelativelyClose(Math.exp(model.lnPredict(raw, Math.log(v) - lxRef)), direct[i], 1e-10))
  })
})
