// Public entry of the fitting engine. Pure TypeScript: runs in workers, the command line and tests.
export { fitCurve, fitCurveForm } from './fit-curve'
export { prepareCurve, CurveInputError } from './prepare'
export type { PreparedCurve } from './prepare'
export { rmsle, rootStandardLogError } from './metrics'
export { predict } from './forms'
export { forecastCurve, forecastCrossover } from './forecast'
