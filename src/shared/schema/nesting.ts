// A bound on how deeply arrays and objects nest in a payload or a project. JSON.parse reads any depth, but
// JSON.stringify, revivers, structured clones and recursive writers overflow the stack past a few thousand
// levels ('Maximum call stack size exceeded'); a project needs about 10.

/** The deepest nesting a project or request payload may have; the outermost object or array is level 1. */
export const MAX_NESTING = 64

/** Longer paths in a message keep their start and end. */
const MAX_PATH_CHARS = 160
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null

/** The nesting of value: iterative, so a value nested 100,000 deep is measured without overflowing the stack. */
function depthExceeds(value: unknown, maxDepth: number): boolean {
  if (!isContainer(value)) return false
  const items: object[] = [value]
  const depths: number[] = [1]
  while (items.length > 0) {
    const item = items.pop() as object
    const depth = depths.pop() as number
    if (depth > maxDepth) return true
    if (Array.isArray(item)) {
      for (const child of item) {
        if (isContainer(child)) {
          items.push(child)
          depths.push(depth + 1)
        }
      }
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key]
        if (isContainer(child)) {
          items.push(child)
          depths.push(depth + 1)
        }
      }
    }
  }
  return false
}

/** The path of the first array or object below maxDepth levels (depth first), like `curves[0].extra.a`. */
function deepPath(value: object, maxDepth: number): string {
  const frames: Array<{ item: object; keys: string[]; next: number }> = []
  const open = (item: object): void => {
    frames.push({ item, keys: Array.isArray(item) ? [] : Object.keys(item), next: 0 })
  }
  open(value)
  while (frames.length <= maxDepth) {
    const frame = frames[frames.length - 1]
    const size = Array.isArray(frame.item) ? frame.item.length : frame.keys.length
    if (frame.next >= size) {
      frames.pop()
      frames[frames.length - 1].next++
      continue
    }
    const key = Array.isArray(frame.item) ? frame.next : frame.keys[frame.next]
    const child = (frame.item as Record<string | number, unknown>)[key]
    if (isContainer(child)) open(child)
    else frame.next++
  }
  let path = ''
  for (const { item, keys, next } of frames.slice(0, -1)) {
    if (Array.isArray(item)) path += `[${next}]`
    else {
      const key = keys[next]
      path += IDENTIFIER.test(key) ? (path === '' ? key : `.${key}`) : `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`
    }
  }
  return path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS - 50)}…${path.slice(-49)}` : path
}

/**
 * Null when no array or object in value lies more than maxDepth levels deep; else a message naming the path of
 * the first one that does, below `root` (`project.curves[0].extra.a.a…a.a nests deeper than 64 levels ...`).
 */
export function nestingProblem(value: unknown, root = '', maxDepth = MAX_NESTING): string | null {
  if (!depthExceeds(value, maxDepth)) return null
  const path = deepPath(value as object, maxDepth)
  const at = root === '' ? path : path.startsWith('[') ? `${root}${path}` : `${root}.${path}`
  return `${at} nests deeper than ${maxDepth} levels of arrays and objects, the limit`
}
