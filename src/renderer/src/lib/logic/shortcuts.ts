// Keyboard shortcuts of the window. Pure, so the mapping is tested without a browser.
import type { MenuCommand } from '../../../../shared/contract'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/**
 * The command a key press stands for, or null. In the desktop app the native menu owns its accelerators
 * (Ctrl/Cmd+N, O, S, Shift+S, I, Z, and Ctrl+Y or Shift+Cmd+Z) and sends them as menu commands, so they are
 * not handled twice; the page still handles the other redo spelling.
 */
export function shortcutCommand(event: KeyLike, options: { desktop: boolean; mac: boolean }): MenuCommand | null {
  const mod = options.mac ? event.metaKey : event.ctrlKey
  if (!mod || event.altKey) return null
  const key = event.key.toLowerCase()
  let command: MenuCommand | null = null
  if (key === 'z') command = event.shiftKey ? 'edit:redo' : 'edit:undo'
  else if (key === 'y' && !event.shiftKey) command = 'edit:redo'
  else if (key === 's') command = event.shiftKey ? 'project:saveAs' : 'project:save'
  else if (key === 'o' && !event.shiftKey) command = 'project:open'
  else if (key === 'i' && !event.shiftKey) command = 'curves:import'
  if (command === null || !options.desktop) return command
  const menuOwns =
    command !== 'edit:redo' ||
    (options.mac ? key === 'z' : key === 'y')
  return menuOwns ? null : command
}

/** True when the key press belongs to a text field (its own undo, its own selection). */
export function isTextEntry(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = (target.tagName ?? '').toLowerCase()
  if (tag === 'textarea') return true
  if (tag !== 'input') return false
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'file', 'color'].includes((target.type ?? '').toLowerCase())
}
