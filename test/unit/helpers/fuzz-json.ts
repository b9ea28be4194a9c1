// Mutations of JSON values for the fuzz tests of the project loader and of the request payloads: each picks a
// node of the value (by an index taken modulo the node count) and deletes it, retypes it or replaces it with a
// hostile value: non-finite and huge numbers, long strings, control characters, deep nesting, huge arrays.
import fc from 'fast-check'

type Key = string | number
type Container = Record<string, unknown> | unknown[]

/** String lengths at the limits the validators draw (job id, names, column names, paths), and one past each. */
const EDGE_LENGTHS = [64, 65, 128, 129, 255, 256, 300, 301, 1024, 1025, 2048, 32_767, 32_768]

/** Values a mutation puts in place of a field: every JSON type, edge numbers and strings that look like others. */
const NASTY_VALUES: readonly unknown[] = [
  null, true, false, 0, -0, -1, 0.5, 1.5, 4, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity,
  '', ' ', '\u0000', 'NaN', 'Infinity', 'null', 'auto', 'none', 'fit', 'heldout', 'M1', 'BNSL', '1e6', 'c1', '__proto__',
  'constructor', '2025-01-31T12:00:00.000Z', '2025-13-45T99:00:00Z', [], {}, [null], [1, 2], { x: 1 }, ['c1', 'c1'],
  { $nonFinite: 'NaN' }, { $nonFinite: 'Infinity' }
]

/** Strings with NUL, control characters, lone surrogates, direction marks and line breaks. */
const CONTROL_STRINGS: readonly string[] = [
  '\u0000', 'a\u0000b', '\u0001\u0002\u001f', '\u007f', '\r\n', '\t', '\ud800', '\udfff', '\u202e', '\ufeff', '\u2028',
  '../../etc/passwd', 'C:\\x\\y', '%00', '"', '\\', '{"a":1}'
]

export type JsonMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'long-string'; at: number; length: number; char: string }
  | { kind: 'control-string'; at: number; text: string; keep: boolean }
  | { kind: 'nest'; at: number; depth: number; array: boolean }
  | { kind: 'flip-container'; at: number }
  | { kind: 'unknown-field'; at: number; key: string; value: unknown }
  | { kind: 'duplicate-item'; at: number }
  | { kind: 'huge-array'; at: number; length: number; item: unknown }
  | { kind: 'copy'; at: number; from: number }
  | { kind: 'scale'; at: number; factor: number }

export interface MutationBounds {
  /** Longest string a mutation writes. */
  maxString: number
  /** Deepest nesting a mutation adds. */
  maxDepth: number
  /** Longest array a mutation writes. */
  maxArray: number
}

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double() }
)

/** One mutation, its sizes within the bounds. */
export function jsonMutation(bounds: MutationBounds): fc.Arbitrary<JsonMutation> {
  const at = fc.nat()
  return fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at }),
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), at, value }) },
    fc.record({
      kind: fc.constant('long-string' as const),
      at,
      length: fc.oneof(
        fc.integer({ min: 0, max: bounds.maxString }),
        fc.constantFrom(bounds.maxString, ...EDGE_LENGTHS.filter((n) => n < bounds.maxString))
      ),
      char: fc.constantFrom('x', ' ', '\u0000', '\u00e9', '\ud83d\ude00', '"')
    }),
    fc.record({ kind: fc.constant('control-string' as const), at, text: fc.constantFrom(...CONTROL_STRINGS), keep: fc.boolean() }),
    fc.record({ kind: fc.constant('nest' as const), at, depth: fc.integer({ min: 1, max: bounds.maxDepth }), array: fc.boolean() }),
    fc.record({ kind: fc.constant('flip-container' as const), at }),
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('unknown-field' as const),
        at,
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'comment', '', '$nonFinite'), fc.string({ maxLength: 8 })),
        value
      })
    },
    fc.record({ kind: fc.constant('duplicate-item' as const), at }),
    fc.record({ kind: fc.constant('huge-array' as const), at, length: fc.integer({ min: 0, max: bounds.maxArray }), item: value }),
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), at, from: fc.nat() }) },
    fc.record({ kind: fc.constant('scale' as const), at, factor: fc.constantFrom(-1, 0, 1e-300, 1e300, 1.5, 0.5, 1 + 2 ** -52) })
  )
}

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null

/** Sets a field as JSON.parse makes it: a key "__proto__" becomes a field, not the prototype. */
function define(target: object, key: Key, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Nodes of a value, each by its parent's index and its key; node 0 is the root. */
interface Nodes {
  parent: number[]
  key: Key[]
}

/** The nodes of a value, breadth first from the root, at most `limit`. */
function nodesOf(root: unknown, limit = 5000): Nodes {
  const nodes: Nodes = { parent: [-1], key: [''] }
  const values: unknown[] = [root]
  for (let i = 0; i < values.length && values.length < limit; i++) {
    const v = values[i]
    if (!isContainer(v)) continue
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      nodes.parent.push(i)
      nodes.key.push(key)
      values.push((v as Record<Key, unknown>)[key])
      if (values.length >= limit) break
    }
  }
  return nodes
}

/** The path from the root to node i ([] for the root). */
function pathOf(nodes: Nodes, i: number): Key[] {
  const path: Key[] = []
  for (let at = i; at > 0; at = nodes.parent[at]) path.push(nodes.key[at])
  return path.reverse()
}

/** A copy of a JSON value (NaN and -0 kept), made without recursion so that any depth can be copied. */
function cloneJson<T>(root: T): T {
  const top: { v: unknown } = { v: root }
  const stack: Array<[Record<Key, unknown>, Key]> = [[top, 'v']]
  while (stack.length > 0) {
    const [holder, key] = stack.pop() as [Record<Key, unknown>, Key]
    const v = holder[key]
    if (!isContainer(v)) continue
    const copy: Container = Array.isArray(v) ? [...v] : {}
    if (!Array.isArray(v)) for (const k of Object.keys(v)) define(copy, k, v[k])
    holder[key] = copy
    for (const k of Array.isArray(copy) ? copy.keys() : Object.keys(copy)) stack.push([copy as Record<Key, unknown>, k])
  }
  return top.v as T
}

function get(root: unknown, path: Key[]): unknown {
  let v = root
  for (const key of path) v = (v as Record<Key, unknown>)[key]
  return v
}

/** The root with the node at path replaced (the root itself when path is empty); the root is changed in place. */
function put(root: unknown, path: Key[], next: unknown): unknown {
  if (path.length === 0) return next
  const parent = get(root, path.slice(0, -1)) as Record<Key, unknown>
  define(parent, path[path.length - 1], next)
  return root
}

/** How deeply containers nest in the value (0 for a scalar); iterative, so any depth can be measured. */
function depthOf(root: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[root, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    deepest = Math.max(deepest, depth)
    if (isContainer(v)) for (const item of Object.values(v)) stack.push([item, depth + 1])
  }
  return deepest
}

function nest(v: unknown, depth: number, array: boolean): unknown {
  let out = v
  for (let i = 0; i < depth; i++) out = array ? [out] : { a: out }
  return out
}

/**
 * Applies the mutations, in order, to a copy of the value and returns the copy. Nesting stops at maxDepth in
 * all: deeper values overflow the stack of JSON.stringify itself (near 5,000 levels; with a replacer near 3,000).
 */
export function applyJsonMutations(original: unknown, mutations: readonly JsonMutation[], maxDepth: number): unknown {
  let value = cloneJson(original)
  for (const m of mutations) value = mutate(value, m, maxDepth)
  return value
}

/** A copy of the value with the node picked by `at` replaced by `value` itself, not a copy (it may be a cycle). */
export function placeValue(original: unknown, at: number, value: unknown): unknown {
  const root = cloneJson(original)
  const nodes = nodesOf(root)
  return put(root, pathOf(nodes, at % nodes.parent.length), value)
}

/** Applies one mutation to the value, in place where it can, and returns the value. */
function mutate(root: unknown, m: JsonMutation, maxDepth: number): unknown {
  const nodes = nodesOf(root)
  const count = nodes.parent.length
  const path = pathOf(nodes, m.at % count)
  const node = get(root, path)
  switch (m.kind) {
    case 'delete': {
      if (path.length === 0) return undefined
      const parent = get(root, path.slice(0, -1)) as Container
      const key = path[path.length - 1]
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key as string]
      return root
    }
    case 'set':
      return put(root, path, cloneJson(m.value))
    case 'long-string':
      return put(root, path, m.char.repeat(m.length))
    case 'control-string':
      return put(root, path, m.keep && typeof node === 'string' ? `${node}${m.text}` : m.text)
    case 'nest':
      return put(root, path, nest(node, Math.max(0, Math.min(m.depth, maxDepth - depthOf(root))), m.array))
    case 'flip-container': {
      if (!isContainer(node)) return put(root, path, [node])
      return put(root, path, Array.isArray(node) ? { ...node } : Object.values(node))
    }
    case 'unknown-field': {
      if (!isContainer(node) || Array.isArray(node)) return put(root, path, { [m.key]: cloneJson(m.value) })
      define(node, m.key, cloneJson(m.value))
      return root
    }
    case 'duplicate-item': {
      if (!Array.isArray(node) || node.length === 0) return root
      node.push(cloneJson(node[m.at % node.length]))
      return root
    }
    case 'huge-array':
      return put(root, path, Array.from({ length: m.length }, () => m.item))
    case 'copy':
      return put(root, path, cloneJson(get(root, pathOf(nodes, m.from % count))))
    case 'scale':
      return typeof node === 'number' ? put(root, path, node * m.factor) : root
  }
}

/** How a non-finite number is written into the text: JSON has no way, so each is a different mistake. */
export type NonFiniteStyle = 'null' | 'literal' | 'overflow' | 'tag'

const MARK = '\u0001NF:'

/** JSON text of the value, non-finite numbers written in the given style ('tag' as encodeJson writes them). */
export function writeJson(value: unknown, style: NonFiniteStyle, indent: number): string {
  // Indented, a value nested 1,000 deep would be megabytes of spaces.
  const spaces = depthOf(value) > 32 ? 0 : indent
  // Marked in a copy rather than by a replacer, which makes JSON.stringify overflow at half the depth.
  const marked = { v: cloneJson(value) }
  const stack: Container[] = [marked]
  while (stack.length > 0) {
    const holder = stack.pop() as Record<Key, unknown>
    for (const key of Array.isArray(holder) ? holder.keys() : Object.keys(holder)) {
      const v = holder[key]
      if (typeof v === 'number' && !Number.isFinite(v)) holder[key] = `${MARK}${v}`
      else if (isContainer(v)) stack.push(v)
    }
  }
  const text = JSON.stringify(marked.v, null, spaces)
  if (text === undefined) return ''
  return text.replace(/"\\u0001NF:(NaN|Infinity|-Infinity)"/g, (_all, n: string) => {
    if (style === 'null') return 'null'
    if (style === 'literal') return n
    if (style === 'tag') return `{"$nonFinite":"${n}"}`
    return n === 'NaN' ? 'null' : n === 'Infinity' ? '1e999' : '-1e999'
  })
}
