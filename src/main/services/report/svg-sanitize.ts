// Makes a figure's SVG safe to inline in a report: the figures come from ECharts' server-side renderer, but a
// report is a file people open and mail around, so the markup is rebuilt from an allowlist rather than trusted.
// Drawing elements and presentation attributes pass; scripts, event handlers, foreign content, styles,
// animation and every reference outside the figure itself are dropped. Ids get a prefix, so that several
// figures in one page never resolve each other's clip paths.

const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'defs',
  'clippath', 'mask', 'pattern', 'lineargradient', 'radialgradient', 'stop', 'title', 'desc', 'use', 'symbol', 'marker'
])

/** Attributes that hold a reference: kept only when it points inside the figure (`#id`). */
const HREFS = new Set(['href', 'xlink:href'])

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<\/?[A-Za-z][^>]*>|[^<]+|</g
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g

const escapeAttribute = (value: string): string => value.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeText = (text: string): string => text.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;').replace(/>/g, '&gt;')

/** Decodes the entities a value may hide a scheme behind (`&#106;avascript:`), for the checks only. */
function decoded(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    // Browsers skip whitespace and control characters inside a scheme name (`java\tscript:`).
    .replace(/\s/g, '')
    .replace(/\p{Cc}/gu, '')
    .toLowerCase()
}

/** True when a value reaches outside the figure: a url() to anything but a fragment, @import, or a script scheme. */
function reachesOut(value: string): boolean {
  const v = decoded(value)
  if (v.includes('@import') || v.includes('javascript:') || v.includes('vbscript:') || v.includes('expression(')) return true
  for (const m of v.matchAll(/url\(([^)]*)\)?/g)) {
    if (!m[1].replace(/^["']/, '').startsWith('#')) return true
  }
  return false
}

function cleanAttributes(raw: string, prefix: string): string {
  const out: string[] = []
  for (const m of raw.matchAll(ATTRIBUTE)) {
    const name = m[1].toLowerCase()
    let value = m[2] === undefined ? '' : m[2].replace(/^["']|["']$/g, '')
    // Namespaces: the HTML parser puts inline SVG in its namespace itself; a standalone file gets them fresh.
    // xml:base would move what references resolve against.
    const namespaced = name === 'xmlns' || name.startsWith('xmlns:') || (name.startsWith('xml:') && name !== 'xml:space')
    if (!/^[a-z_][\w:.-]*$/.test(name) || name.startsWith('on') || namespaced) continue
    if (HREFS.has(name)) {
      if (!value.startsWith('#')) continue
      value = `#${prefix}${value.slice(1)}`
    } else if (reachesOut(value)) continue
    if (name === 'id') value = `${prefix}${value}`
    value = value.replace(/url\(\s*(["']?)#/g, `url($1#${prefix}`)
    out.push(`${m[1]}="${escapeAttribute(value)}"`)
  }
  return out.length > 0 ? ` ${out.join(' ')}` : ''
}

/** A viewBox from width and height when the root has none, so the figure scales with the page. */
function withViewBox(attributes: string): string {
  if (/\sviewBox=/i.test(attributes)) return attributes
  const width = /\swidth="([\d.]+)(?:px)?"/.exec(attributes)?.[1]
  const height = /\sheight="([\d.]+)(?:px)?"/.exec(attributes)?.[1]
  return width && height ? `${attributes} viewBox="0 0 ${width} ${height}"` : attributes
}

const NAMESPACES = ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'

export interface SanitizeOptions {
  /** Prepended to every id and fragment reference. */
  prefix?: string
  /** A file of its own (true) needs the SVG namespaces; inline in HTML (false) it needs none. */
  standalone?: boolean
}

/**
 * The SVG rebuilt from allowed elements and attributes only, without prolog, doctype or comments; ids and
 * fragment references carry the prefix. Returns '' when there is no svg element.
 */
export function sanitizeSvg(svg: string, options: SanitizeOptions = {}): string {
  const { prefix = '', standalone = false } = options
  const out: string[] = []
  const open: Array<{ name: string; raw: string }> = []
  let skipping = 0 // depth inside a dropped element: its whole content goes with it
  let seenRoot = false
  for (const [token] of svg.matchAll(TOKEN)) {
    if (token.startsWith('<!--') || token.startsWith('<?') || (token.startsWith('<!') && !token.startsWith('<![CDATA['))) continue
    if (token.startsWith('<![CDATA[')) {
      if (!skipping && open.length > 0) out.push(escapeText(token.slice(9, -3)).replace(/</g, '&lt;'))
      continue
    }
    const tag = /^<(\/?)([A-Za-z][\w:.-]*)([\s\S]*?)(\/?)>$/.exec(token)
    if (!tag) {
      if (!skipping && open.length > 0) out.push(escapeText(token === '<' ? '&lt;' : token))
      continue
    }
    const [, closing, rawName, rest, selfClosing] = tag
    const name = rawName.toLowerCase()
    if (closing) {
      if (skipping) skipping--
      else if (open.length > 0 && open[open.length - 1].name === name) out.push(`</${open.pop()?.raw}>`)
      continue
    }
    const allowed = ELEMENTS.has(name) && !skipping && (seenRoot ? open.length > 0 : name === 'svg')
    if (!allowed) {
      if (!selfClosing) skipping++
      continue
    }
    if (name === 'svg' && open.length === 0) seenRoot = true
    let attributes = cleanAttributes(rest, prefix)
    if (open.length === 0) attributes = `${standalone ? NAMESPACES : ''}${withViewBox(attributes)}`
    if (selfClosing) out.push(`<${rawName}${attributes}/>`)
    else {
      out.push(`<${rawName}${attributes}>`)
      open.push({ name, raw: rawName })
    }
    if (seenRoot && open.length === 0) break
  }
  // Close whatever a truncated figure left open.
  while (open.length > 0) out.push(`</${open.pop()?.raw}>`)
  return out.join('')
}
