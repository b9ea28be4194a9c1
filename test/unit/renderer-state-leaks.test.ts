import { describe, expect, test } from 'vitest'
import { UNTITLED, nameAfterSave, nameOfFile, suggestedFileName, withProjectExtension } from '../../src/renderer/src/lib/logic/project-name'
import { isAbsolutePath, resolveAgainst } from '../../src/renderer/src/lib/logic/relative-path'

// What carries from one action to the next: the project's name across saves, and where a typed path lands.

describe('the project name follows its file unless the user named it', () => {
  test.each([
    // name, saved from, saved to, name after
    [UNTITLED, null, '/runs/my-llm-runs.ssproj.json', 'my-llm-runs'],
    [UNTITLED, null, 'C:\\runs\\my-llm-runs.ssproj.json', 'my-llm-runs'],
    ['my-llm-runs', '/runs/my-llm-runs.ssproj.json', '/runs/my-llm-runs-v2.ssproj.json', 'my-llm-runs-v2'],
    [UNTITLED, '/runs/old.ssproj.json', '/runs/old.ssproj.json', 'old'],
    ['scaling', '/runs/scaling.json', '/runs/scaling 2.json', 'scaling 2']
  ])('%s saved from %s to %s is called %s', (name, from, to, after) => {
    expect(nameAfterSave(name, from, to)).toBe(after)
  })

  test.each([
    ['Chinchilla replication', null, '/runs/chin.ssproj.json'],
    ['Chinchilla replication', '/runs/chin.ssproj.json', '/runs/chin-v2.ssproj.json'],
    ['Vision benchmark (example)', null, '/runs/vision.ssproj.json'],
    ['my-llm-runs', '/runs/my-llm-runs.ssproj.json', '/runs/my-llm-runs.ssproj.json']
  ])('%s (a name the user chose, or already the file’s) stays when saved from %s to %s', (name, from, to) => {
    expect(nameAfterSave(name, from, to)).toBeNull()
  })

  test('a file name without a name in it keeps the project’s name', () => {
    expect(nameAfterSave(UNTITLED, null, '/runs/.ssproj.json')).toBeNull()
  })

  test.each([
    ['/runs/my-llm-runs.ssproj.json', 'my-llm-runs'],
    ['my-llm-runs.SSPROJ.JSON', 'my-llm-runs'],
    ['/runs/plain.json', 'plain'],
    ['C:\\runs\\win.ssproj.json', 'win'],
    ['/runs/no-extension', 'no-extension']
  ])('the name of %s is %s', (path, name) => {
    expect(nameOfFile(path)).toBe(name)
  })

  test.each([
    ['my-llm-runs', 'my-llm-runs.ssproj.json'],
    ['/runs/my-llm-runs', '/runs/my-llm-runs.ssproj.json'],
    ['/runs/kept.json', '/runs/kept.json'],
    ['/runs/kept.ssproj.json', '/runs/kept.ssproj.json'],
    ['/runs/v1.2', '/runs/v1.2.ssproj.json']
  ])('a project saved as %s is written to %s', (typed, written) => {
    expect(withProjectExtension(typed)).toBe(written)
  })

  test('the proposed file name comes from the project name, without characters files cannot hold', () => {
    expect(suggestedFileName('runs: a/b')).toBe('runs a b.ssproj.json')
    expect(suggestedFileName('***')).toBe(`${UNTITLED}.ssproj.json`)
  })
})

describe('a relative path is taken from a folder the prompt names', () => {
  test.each([
    ['/home/me/x.json', true],
    ['C:\\Users\\me\\x.json', true],
    ['c:/Users/me/x.json', true],
    ['\\\\server\\share\\x.json', true],
    ['x.json', false],
    ['runs/x.json', false],
    ['./x.json', false],
    ['../x.json', false],
    ['C:x.json', false]
  ])('%s is absolute: %s', (path, absolute) => {
    expect(isAbsolutePath(path)).toBe(absolute)
  })

  test.each([
    ['/home/me/runs', 'my-llm-runs.ssproj.json', '/home/me/runs/my-llm-runs.ssproj.json'],
    ['/home/me/runs/', 'sub/a.json', '/home/me/runs/sub/a.json'],
    ['/home/me/runs', './a.json', '/home/me/runs/a.json'],
    ['/home/me/runs', '../other/a.json', '/home/me/other/a.json'],
    ['/', '../a.json', '/a.json'],
    ['C:\\Users\\me', 'runs\\a.json', 'C:\\Users\\me\\runs\\a.json'],
    ['C:\\Users\\me\\', '..\\a.json', 'C:\\Users\\a.json'],
    ['/home/me/runs', '/elsewhere/a.json', '/elsewhere/a.json']
  ])('%s + %s is %s', (folder, path, full) => {
    expect(resolveAgainst(folder, path)).toBe(full)
  })
})
