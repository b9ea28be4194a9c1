import { describe, expect, test } from 'vitest'
import { splitRows } from '../../src/shared/import'

describe('splitRows', () => {
  test('detects comma, tab and semicolon from the header line', () => {
    expect(splitRows('a,b\n1,2').delimiter).toBe(',')
    expect(splitRows('a\tb\n1,5\t2').delimiter).toBe('\t')
    expect(splitRows('a;b\n1,5;2').rows).toEqual([
      ['a', 'b'],
      ['1,5', '2']
    ])
  })

  test('delimiters inside quoted header names do not count', () => {
    expect(splitRows('"a;b";"c;d",e;f\n').delimiter).toBe(';')
  })

  test('RFC-4180 quotes: delimiters, doubled quotes and line breaks inside a quoted field', () => {
    expect(splitRows('name,note\n"a, b","say ""hi""\r\nthere"\n').rows).toEqual([
      ['name', 'note'],
      ['a, b', 'say "hi"\r\nthere']
    ])
  })

  test('CRLF, lone CR, a BOM, a missing final newline and blank rows', () => {
    expect(splitRows('\uFEFFa,b\r\n1,2\r\r\n,\n3,4').rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4']
    ])
  })

  test('empty fields and a trailing delimiter are kept as empty strings', () => {
    expect(splitRows('a,,c,\n').rows).toEqual([['a', '', 'c', '']])
  })

  test('an empty text has no rows and defaults to comma', () => {
    expect(splitRows('')).toEqual({ delimiter: ',', rows: [] })
  })
})
