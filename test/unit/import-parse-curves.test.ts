import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { detectFormat, ImportError, MAX_REJECTED_ROWS, parseCurves, type ImportOptions } from '../../src/shared/import'

const parse = (text: string, options: Partial<ImportOptions> = {}) =>
  parseCurves(text, { fileName: 'results.csv', ...options })

/** Runs parse and returns the ImportError it throws. */
function importError(text: string, options: Partial<ImportOptions> = {}): ImportError {
  try {
    parse(text, options)
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError)
    expect((error as ImportError).fileName).toBe(options.fileName ?? 'results.csv')
    return error as ImportError
  }
  throw new Error('expected an ImportError')
}

describe('long format', () => {
  test('groups rows into curves in order of first appearance, keeping file order of points', () => {
    const r = parse('curve,x,y\nb,100,3\na,10,5\nb,10,4\na,20,4.5\n')
    expect(r.format).toBe('long')
    expect(r.columns).toEqual(['curve', 'x', 'y'])
    expect(r.rejected).toEqual([])
    expect(r.curves).toEqual([
      { name: 'b', x: [100, 10], y: [3, 4] },
      { name: 'a', x: [10, 20], y: [5, 4.5] }
    ])
  })

  test('header names are case-insensitive and unknown extra columns are ignored', () => {
    const r = parse('Seed,CURVE,X,Y,note\n1,m,1e9,4.1E+06,hello\n')
    expect(r.curves).toEqual([{ name: 'm', x: [1e9], y: [4.1e6] }])
  })

  test('split accepts fit/train/1/empty and heldout/held-out/held_out/test/0 in any case', () => {
    const rows = ['fit', 'TRAIN', '1', '', 'heldout', 'Held-Out', 'held_out', 'Test', '0']
    const text = 'curve,x,y,split\n' + rows.map((s, i) => `c,${i + 1},1,${s}`).join('\n')
    const [curve] = parse(text).curves
    expect(curve.split).toEqual([...Array(4).fill('fit'), ...Array(5).fill('heldout')])
  })

  test('an unknown split value rejects the row and names the value', () => {
    const r = parse('curve,x,y,split\nc,1,1,fit\nc,2,1,validation\n')
    expect(r.rejected).toEqual([{ row: 3, reason: 'split "validation" is not fit or heldout' }])
    expect(r.curves[0].x).toEqual([1])
  })

  test('a weight column gives per-point weights; empty means 1; zero and text are rejected', () => {
    const r = parse('curve,x,y,weight\nc,1,1,2\nc,2,1,\nc,3,1,0\nc,4,1,heavy\nc,5,1,Infinity\n')
    expect(r.curves).toEqual([{ name: 'c', x: [1, 2], y: [1, 1], weight: [2, 1] }])
    expect(r.rejected).toEqual([
      { row: 4, reason: 'weight 0 must be > 0' },
      { row: 5, reason: 'weight "heavy" is not a number' },
      { row: 6, reason: 'weight "Infinity" is not a finite number' }
    ])
  })

  test('without a weight or split column the curves have neither key', () => {
    const [curve] = parse('curve,x,y\nc,1,1\n').curves
    expect(Object.keys(curve)).toEqual(['name', 'x', 'y'])
  })

  test('an empty curve name rejects the row', () => {
    expect(parse('curve,x,y\n,1,1\nc,1,1\n').rejected).toEqual([{ row: 2, reason: 'curve is empty' }])
  })
})

describe('benchmark format', () => {
  test('names curves Domain/Task/Model and maps Training 1 to fit and 0 to heldout', () => {
    const text =
      'Domain,Task,Model,Seen Examples,Loss,Training\n' +
      'IC,bird_5,MiX/B/16,7700779.0,0.97,1\n' +
      'IC,bird_5,MiX/B/16,1.2e9,0.5,0\n' +
      'IC,cars,BiT/101/3,100,2,1\n'
    const r = parse(text)
    expect(r.format).toBe('benchmark')
    expect(r.curves).toEqual([
      { name: 'IC/bird_5/MiX/B/16', x: [7700779, 1.2e9], y: [0.97, 0.5], split: ['fit', 'heldout'] },
      { name: 'IC/cars/BiT/101/3', x: [100], y: [2], split: ['fit'] }
    ])
  })

  test('the real vision benchmark file parses to 72 curves with every point and the right split counts', () => {
    const url = new URL('../../resources/example/benchmark.vision.csv', import.meta.url)
    const r = parse(readFileSync(url, 'utf8'), { fileName: 'benchmark.vision.csv' })
    const splits = r.curves.flatMap((c) => c.split ?? [])
    expect(r.format).toBe('benchmark')
    expect(r.rejected).toEqual([])
    expect(r.curves).toHaveLength(72)
    // 18,884 lines: the header and 18,883 points (the file has no final newline).
    expect(r.curves.reduce((n, c) => n + c.x.length, 0)).toBe(18_883)
    expect(splits.filter((s) => s === 'fit')).toHaveLength(3902)
    expect(splits.filter((s) => s === 'heldout')).toHaveLength(14_981)
    expect(r.curves[0].name).toBe('IC/bird_5/MiX/B/16')
    expect(r.curves[0].x[0]).toBe(7700779)
  })
})

describe('wide format', () => {
  test('the first column is x and every other column is a curve; empty cells are skipped silently', () => {
    const r = parse('params,modelA,modelB\n1e6,3.5,\n1e7,3.0,3.2\n1e8,,2.9\n1e9,,\n')
    expect(r.format).toBe('wide')
    expect(r.rejected).toEqual([])
    expect(r.curves).toEqual([
      { name: 'modelA', x: [1e6, 1e7], y: [3.5, 3.0] },
      { name: 'modelB', x: [1e7, 1e8], y: [3.2, 2.9] }
    ])
  })

  test('short (ragged) rows are normal, but a row longer than the header is rejected', () => {
    const r = parse('n,a,b\n1,2\n2,3,4,5\n')
    expect(r.curves).toEqual([{ name: 'a', x: [1], y: [2] }])
    expect(r.rejected).toEqual([{ row: 3, reason: 'has 4 fields but the header has 3' }])
  })

  test('xColumn and yColumns choose the x column and the curves', () => {
    const r = parse('a,steps,b,c\n1,10,2,3\n', { xColumn: 'Steps', yColumns: ['c'] })
    expect(r.curves).toEqual([{ name: 'c', x: [10], y: [3] }])
  })

  test('a bad cell drops only its point and names its column; a bad x drops the row', () => {
    const r = parse('n,a,b\n1,2,abc\n-1,2,2\n2,3,3\n')
    expect(r.curves).toEqual([
      { name: 'a', x: [1, 2], y: [2, 3] },
      { name: 'b', x: [2], y: [3] }
    ])
    expect(r.rejected).toEqual([
      { row: 2, reason: 'b "abc" is not a number' },
      { row: 3, reason: 'n -1 must be > 0: fits are made in log space' }
    ])
  })

  test('an xColumn that does not exist is named with the columns found', () => {
    expect(importError('n,a\n1,2\n', { xColumn: 'params' }).message).toBe(
      'results.csv: missing column "params" for the wide format; found "n", "a"'
    )
  })

  test('two curve columns with the same name are refused', () => {
    expect(importError('n,a,a\n1,2,3\n').message).toBe(
      'results.csv: columns share a name (names are matched ignoring case): "a" (columns 2 and 3)'
    )
  })
})

describe('W&B export', () => {
  const text =
    'Step,run-1 - loss,run-1 - loss__MIN,run-1 - loss__MAX,run-2 - loss,run-2 - loss__MIN,run-2 - loss__MAX\n' +
    '100,3.2,3.1,3.3,,,\n' +
    '200,2.9,2.8,3.0,3.5,3.4,3.6\n'

  test('imports the metric columns and never the __MIN/__MAX band columns', () => {
    const r = parse(text)
    expect(r.format).toBe('wandb')
    expect(r.curves).toEqual([
      { name: 'run-1 - loss', x: [100, 200], y: [3.2, 2.9] },
      { name: 'run-2 - loss', x: [200], y: [3.5] }
    ])
  })

  test('asking for a band column as a curve is refused', () => {
    expect(importError(text, { yColumns: ['run-1 - loss__MIN'] }).message).toBe(
      'results.csv: "run-1 - loss__MIN" is a W&B min/max band column, not a curve'
    )
  })

  test('a forced W&B import without metric columns says what it looked for', () => {
    expect(importError('Step,loss\n1,2\n', { format: 'wandb' }).message).toBe(
      'results.csv: no "<run> - <metric>" columns for the W&B format; found "Step", "loss"'
    )
  })
})

describe('TensorBoard export', () => {
  const text = 'Wall time,Step,Value\n1700000000.5,100,2.5\n1700000010.25,200,2.1\n'

  test('x is Step, y is Value, and the single curve is named after the file', () => {
    const r = parse(text, { fileName: 'train_loss.csv' })
    expect(r.format).toBe('tensorboard')
    expect(r.curves).toEqual([{ name: 'train_loss', x: [100, 200], y: [2.5, 2.1] }])
  })

  test('curveName and xColumn override the defaults', () => {
    const r = parse(text, { curveName: 'loss', xColumn: 'Wall time' })
    expect(r.curves).toEqual([{ name: 'loss', x: [1700000000.5, 1700000010.25], y: [2.5, 2.1] }])
  })

  test('an empty Value is rejected rather than skipped', () => {
    expect(parse(text + '1700000020,300,\n').rejected).toEqual([{ row: 4, reason: 'Value is empty' }])
  })
})

describe('format detection', () => {
  test.each([
    [['Domain', 'Task', 'Model', 'Seen Examples', 'Loss', 'Training'], 'benchmark'],
    [['curve', 'x', 'y'], 'long'],
    [['Curve', 'X', 'Y', 'split', 'weight'], 'long'],
    [['Wall time', 'Step', 'Value'], 'tensorboard'],
    [['Step', 'run - loss', 'run - loss__MIN'], 'wandb'],
    [['params', 'modelA'], 'wide'],
    [['Step', 'loss'], 'wide'],
    [['only'], null]
  ] as const)('%j is %s', (header, format) => {
    expect(detectFormat([...header])).toBe(format)
  })

  test('the benchmark needs exactly its six columns; with an extra one it is read as wide', () => {
    expect(detectFormat(['Domain', 'Task', 'Model', 'Seen Examples', 'Loss', 'Training', 'Seed'])).toBe('wide')
  })

  test('a forced format overrides detection', () => {
    const r = parse('Step,run - loss\n10,2\n', { format: 'wide' })
    expect(r.format).toBe('wide')
    expect(r.curves[0].name).toBe('run - loss')
  })
})

describe('text forms', () => {
  test('tab-separated text pasted from a spreadsheet imports like a file', () => {
    const r = parseCurves('params\tA\tB\r\n1e6\t3.5\t4\r\n1e7\t3\t\r\n', { fileName: 'pasted text' })
    expect(r.curves).toEqual([
      { name: 'A', x: [1e6, 1e7], y: [3.5, 3] },
      { name: 'B', x: [1e6], y: [4] }
    ])
  })

  test('semicolon files, a BOM, CRLF, quoted numbers and spaces around numbers are accepted', () => {
    const r = parse('\uFEFFcurve;x;y\r\n"a"; "1e3" ;" 2.5 "\r\n')
    expect(r.curves).toEqual([{ name: 'a', x: [1000], y: [2.5] }])
  })

  test('a decimal comma in a semicolon file is rejected with a hint', () => {
    expect(parse('curve;x;y\na;1,5;2\na;2;1\n').rejected).toEqual([
      { row: 2, reason: 'x "1,5" is not a number (write decimals with a point)' }
    ])
  })

  test('a decimal comma in a comma file is a field-count problem', () => {
    expect(parse('curve,x,y\na,1,5,2\na,2,1\n').rejected).toEqual([
      { row: 2, reason: 'has 4 fields but the header has 3' }
    ])
  })

  test('blank lines are skipped without a report and later rows keep their true line numbers', () => {
    const r = parse('curve,x,y\n\n"multi\nline",1,1\n\n  \nc,1,abc\n,,\nc,2,2\n')
    expect(r.curves.map((c) => c.name)).toEqual(['multi\nline', 'c'])
    expect(r.rejected).toEqual([{ row: 7, reason: 'y "abc" is not a number' }])
  })
})

describe('rejected rows', () => {
  test('text in a number column names the column and the value', () => {
    const r = parse('curve,x,y\nc,1,1\nc,2,1\nc,3,1\nc,4,1\nc,5,1\nc,6,abc\n')
    expect(r.rejected).toEqual([{ row: 7, reason: 'y "abc" is not a number' }])
  })

  test('NaN and Infinity are not finite numbers', () => {
    expect(parse('curve,x,y\nc,NaN,1\nc,1,-inf\nc,1e999,1\nc,1,1\n').rejected).toEqual([
      { row: 2, reason: 'x "NaN" is not a finite number' },
      { row: 3, reason: 'y "-inf" is not a finite number' },
      { row: 4, reason: 'x 1e999 is not a finite number' }
    ])
  })

  test('negative and zero values are rejected because fits are made in log space', () => {
    expect(parse('curve,x,y\nc,1,-0.3\nc,0,1\nc,1,1\n').rejected).toEqual([
      { row: 2, reason: 'y -0.3 must be > 0: fits are made in log space' },
      { row: 3, reason: 'x 0 must be > 0: fits are made in log space' }
    ])
  })

  test('ragged rows with too few or too many fields are rejected in the long format', () => {
    expect(parse('curve,x,y\nc,1\nc,1,1,1\nc,1,1,,\nc,2,2\n').rejected).toEqual([
      { row: 2, reason: 'has 2 fields but the header has 3' },
      { row: 3, reason: 'has 4 fields but the header has 3' }
    ])
  })

  test('an empty number cell is rejected in the long format', () => {
    expect(parse('curve,x,y\nc,,1\nc,1,1\n').rejected).toEqual([{ row: 2, reason: 'x is empty' }])
  })
})

describe('whole-file errors', () => {
  test('an empty file', () => {
    expect(importError('').message).toBe('results.csv: the file is empty')
    expect(importError('\uFEFF \r\n\t\n').message).toBe('results.csv: the file is empty')
  })

  test('a header with no data rows', () => {
    expect(importError('curve,x,y\n\n').message).toBe('results.csv: has a header row but no data rows')
  })

  test('a first line of numbers is not a header', () => {
    expect(importError('1,2,3\n4,5,6\n').message).toBe(
      'results.csv: no header row: line 1 holds numbers, the first line must name the columns'
    )
  })

  test('missing required columns are named, with the columns found', () => {
    expect(importError('curve,x,value\nc,1,1\n', { format: 'long' }).message).toBe(
      'results.csv: missing column "y" for the long format; found "curve", "x", "value"'
    )
    expect(importError('Domain,Task,Seen Examples,Loss\nIC,a,1,1\n', { format: 'benchmark' }).message).toBe(
      'results.csv: missing columns "Model", "Training" for the benchmark format; found "Domain", "Task", "Seen Examples", "Loss"'
    )
  })

  test('a wrong delimiter leaves one column, and the message says so', () => {
    const message = importError('curve|x|y\nc|1|1\n').message
    expect(message).toMatch(/^results\.csv: is not a curve file: its lines read as one column \(separate columns with commas, tabs or semicolons\); accepted formats: long \(curve,x,y/)
    expect(message).toContain('TensorBoard scalars (Wall time,Step,Value)')
    expect(importError('curve|x|y\nc|1|1\n', { format: 'long' }).message).toMatch(/^results\.csv: is not a curve file: its lines read as one column/)
  })

  test('one header column over rows of numbers names the column, since the file holds measurements', () => {
    expect(importError('loss\n1,2\n').message).toMatch(/^results\.csv: unrecognised columns "loss" \(read as one column: /)
  })

  test('a text table is not mistaken for a wide curve file', () => {
    expect(importError('name,city\nann,paris\n').message).toMatch(
      /^results\.csv: is not a curve file: no column of a known format and no row of numbers; accepted formats: /
    )
  })

  test('every row rejected imports nothing and gives the first reasons', () => {
    expect(importError('curve,x,y\nc,a,1\nc,1,-1\nc,1\nc,0,1\n').message).toBe(
      'results.csv: every data row was rejected (4); first reasons: row 2: x "a" is not a number; ' +
        'row 3: y -1 must be > 0: fits are made in log space; row 4: has 2 fields but the header has 3'
    )
  })

  test('a wide file whose curve columns are all empty', () => {
    expect(importError('n,a\n1,\n2,\n').message).toBe('results.csv: no values: every curve column is empty')
  })

  test('binary content with a NUL byte', () => {
    expect(importError('PK\u0003\u0004\u0000\u0000curve,x,y').message).toBe(
      'results.csv: contains NUL bytes: this is a binary file, not CSV or TSV text'
    )
  })

  test('a quoted field that never closes', () => {
    expect(importError('curve,x,y\n"c,1,1\nd,2,2\n').message).toBe(
      'results.csv: line 2: a quoted field is never closed'
    )
  })

  test('pasted text names itself in messages', () => {
    expect(importError('', { fileName: 'pasted text' }).message).toBe('pasted text: the file is empty')
  })
})

describe('rows left out', () => {
  test('a file of many bad rows keeps the first 300 with their reasons and counts them all', () => {
    const good = Array.from({ length: 5 }, (_, i) => `a,${10 * (i + 1)},${1 / (i + 1)}`)
    const bad = Array.from({ length: 2000 }, (_, i) => `a,${1000 + i},oops`)
    const result = parseCurves(['curve,x,y', ...good, ...bad].join('\n'), { fileName: 'runs.csv' })
    expect(result.curves).toHaveLength(1)
    expect(result.curves[0].x).toHaveLength(5)
    expect(result.rejectedCount).toBe(2000)
    expect(result.rejected).toHaveLength(MAX_REJECTED_ROWS)
    expect(result.rejected[0]).toEqual({ row: 7, reason: expect.stringContaining('oops') })
  })

  test('a file with every row bad names the count and the first reasons', () => {
    const bad = Array.from({ length: 1000 }, (_, i) => `a,${i + 1},oops`)
    expect(() => parseCurves(['curve,x,y', ...bad].join('\n'), { fileName: 'runs.csv' })).toThrow(/every data row was rejected \(1000\); first reasons: row 2: /)
  })
})
