import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/content-security-policy'

// The page's Content-Security-Policy: no inline styles or scripts in the built app, and the meta of
// index.html (read by the dev server and Electronegativity) saying the same as the header.

/** Directive name to its sources, in the order written. */
function directives(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) parsed.set(name, sources)
  }
  return parsed
}

/** Directives only a header can carry; a meta ignores them. */
const HEADER_ONLY = ['frame-ancestors', 'report-uri', 'sandbox']

function metaPolicy(): string {
  const html = readFileSync('src/renderer/index.html', 'utf8')
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
  if (!match) throw new Error('src/renderer/index.html has no Content-Security-Policy meta')
  return match[1] as string
}

describe('the content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it.each(['style-src', 'style-src-elem', 'style-src-attr', 'script-src', 'default-src'])("allows nothing inline in %s", (name) => {
    expect(policy.get(name) ?? []).not.toContain("'unsafe-inline'")
  })

  it('allows no eval and no hashes or nonces that would let inline code back in', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-hashes'|'nonce-|'sha\d+-/)
  })

  it('loads styles and scripts from the page origin only', () => {
    expect(policy.get('style-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
  })

  it("is the same in index.html's meta as in the header, header-only directives aside", () => {
    const header = [...policy].filter(([name]) => !HEADER_ONLY.includes(name))
    expect([...directives(metaPolicy())]).toEqual(header)
  })
})
