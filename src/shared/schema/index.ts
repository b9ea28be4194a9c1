// One schema for every boundary: the closed lists, the check style and the checks shared by the contract, the
// project validator, the command line and the engine's entry, the error codes, and the nesting bound.
export * from './lists'
export * from './checks'
export * from './curve'
export * from './fit-options'
export * from './errors'
export * from './nesting'
