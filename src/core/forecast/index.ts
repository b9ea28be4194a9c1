// Forecasts with uncertainty: candidates mixed by validation, backtested extrapolation error, bootstrap refits.
export { forecastCurve, TARGET_SEARCH_FACTOR } from './forecast-curve'
export { forecastCrossover } from './crossover'
