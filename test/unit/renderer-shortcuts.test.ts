import { describe, expect, it } from 'vitest'
import { isTextEntry, shortcutCommand } from '../../src/renderer/src/lib/logic/shortcuts'

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false
})
const browser = { desktop: false, mac: false }
const desktop = { desktop: true, mac: false }
const mac = { desktop: true, mac: true }

describe('shortcutCommand', () => {
  it('maps undo and both redo spellings in the browser', () => {
    expect(shortcutCommand(key('z', { ctrl: true }), browser)).toBe('edit:undo')
    expect(shortcutCommand(key('Z', { ctrl: true, shift: true }), browser)).toBe('edit:redo')
    expect(shortcutCommand(key('y', { ctrl: true }), browser)).toBe('edit:redo')
  })
  it('maps save, save as, open and import', () => {
    expect(shortcutCommand(key('s', { ctrl: true }), browser)).toBe('project:save')
    expect(shortcutCommand(key('S', { ctrl: true, shift: true }), browser)).toBe('project:saveAs')
    expect(shortcutCommand(key('o', { ctrl: true }), browser)).toBe('project:open')
    expect(shortcutCommand(key('i', { ctrl: true }), browser)).toBe('curves:import')
  })
  it('ignores keys without the modifier, or with Alt', () => {
    expect(shortcutCommand(key('z'), browser)).toBeNull()
    expect(shortcutCommand(key('z', { ctrl: true, alt: true }), browser)).toBeNull()
    expect(shortcutCommand(key('z', { meta: true }), browser)).toBeNull()
  })
  it('leaves the menu accelerators to the desktop menu but handles the other redo spelling', () => {
    expect(shortcutCommand(key('z', { ctrl: true }), desktop)).toBeNull()
    expect(shortcutCommand(key('y', { ctrl: true }), desktop)).toBeNull()
    expect(shortcutCommand(key('z', { ctrl: true, shift: true }), desktop)).toBe('edit:redo')
    expect(shortcutCommand(key('z', { meta: true, shift: true }), mac)).toBeNull()
    expect(shortcutCommand(key('y', { meta: true }), mac)).toBe('edit:redo')
  })
})

describe('isTextEntry', () => {
  it('tells text fields from other controls', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'text' })).toBe(true)
    expect(isTextEntry({ tagName: 'TEXTAREA' })).toBe(true)
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false)
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true })).toBe(true)
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false)
    expect(isTextEntry(null)).toBe(false)
  })
})
