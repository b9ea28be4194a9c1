// The search box of the curve list and the project table: instant, case-insensitive, by name and tag.

export interface Searchable {
  name: string
  tags: readonly string[]
}

/**
 * Words of the query, lower case. A word `tag:x` must match a tag; any other word must occur in the name
 * or in a tag. Every word must match.
 */
export function parseQuery(query: string): Array<{ tagOnly: boolean; text: string }> {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'tag:')
    .map((w) => (w.startsWith('tag:') ? { tagOnly: true, text: w.slice(4) } : { tagOnly: false, text: w }))
}

export function matchesQuery(item: Searchable, words: ReturnType<typeof parseQuery>): boolean {
  if (words.length === 0) return true
  const name = item.name.toLowerCase()
  const tags = item.tags.map((t) => t.toLowerCase())
  return words.every(
    ({ tagOnly, text }) => (!tagOnly && name.includes(text)) || tags.some((tag) => tag.includes(text))
  )
}

/** Indices of the items that match, in their order. */
export function filterIndices(items: readonly Searchable[], query: string): number[] {
  const words = parseQuery(query)
  const out: number[] = []
  for (let i = 0; i < items.length; i++) if (matchesQuery(items[i], words)) out.push(i)
  return out
}
