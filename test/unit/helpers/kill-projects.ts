// The project versions of the kill-safety test, built the same in the test and in the child process it kills.
import type { Project } from '../../../src/shared/project/types'
import { sampleProject } from '../../fixtures/project/sample'

/** Enough points (40 curves × 60) that a write takes a while, so kills land in its middle too. */
const CURVES = 40
const POINTS = 60

export interface KillVersions {
  /** The two versions saved in turn to the project file. */
  saved: [Project, Project]
  /** The two versions autosaved in turn: unsaved edits, which the recovery copy must give back. */
  edited: [Project, Project]
}

export function killVersions(): KillVersions {
  const version = (name: string, notes: string): Project => {
    const project = sampleProject(CURVES, POINTS)
    project.name = name
    project.curves[0].notes = notes
    return project
  }
  return {
    saved: [version('Saved A', 'a'), version('Saved B', 'b'.repeat(5000))],
    edited: [version('Edited A', 'unsaved edit a'), version('Edited B', 'unsaved edit b'.repeat(500))]
  }
}
