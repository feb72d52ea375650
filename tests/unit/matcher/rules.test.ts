/** CONTRACT §3 rules 2-8 and 10, each from the contract's own examples. */
import { describe, expect, it } from 'vitest';
import { e, found, texts } from './helpers';

const japan = e('japan', 'Japan', ['日本', 'ジャパン']);
const india = e('india', 'India', ['भारत', 'インド']);

describe('rule 2: Unicode', () => {
  it('U+0085 NEXT LINE is white space like the others', () => {
    expect(texts([e('nd', 'New Delhi')], 'New\u0085Delhi, New\u00A0\u0085 Delhi')).toEqual(['New\u0085Delhi', 'New\u00A0\u0085 Delhi']);
  });
  it('composed and decomposed forms are equal', () => {
    const z = e('z', 'Zürich');
    expect(texts([z], 'Zu\u0308rich and Zürich')).toEqual(['Zu\u0308rich', 'Zürich']);
    expect(texts([e('z2', 'Zu\u0308rich')], 'Zürich')).toEqual(['Zürich']);
  });
  it('composed and decomposed Hangul are equal (conjoining jamo compose like marks)', () => {
    const jamo = '\u1109\u1165\u110B\u116E\u11AF'; // 서울 spelled in leading, vowel and trailing jamo
    expect(texts([e('seoul', '서울')], `${jamo} 시`)).toEqual([jamo]);
    expect(texts([e('seoul', jamo)], '서울 시')).toEqual(['서울']);
    expect(texts([e('seoul', '서울')], '서\u110B\u116E\u11AF에서')).toEqual([]); // a particle attached: rule 4
    expect(texts([e('seoul', '서울')], '\u1109\u1165울 시')).toEqual(['\u1109\u1165울']);
  });

  it('folds diacritics both ways for Latin, Greek and Cyrillic', () => {
    expect(texts([e('p', 'Pahalgām')], 'in Pahalgam today')).toEqual(['Pahalgam']);
    expect(texts([e('p', 'Pahalgam')], 'in Pahalgām today')).toEqual(['Pahalgām']);
    expect(texts([e('z', 'Zurich')], 'Zürich')).toEqual(['Zürich']);
    expect(texts([e('a', 'Αθήνα')], 'Αθηνα')).toEqual(['Αθηνα']);
    expect(texts([e('m', 'Мёнхен')], 'Менхен')).toEqual(['Менхен']);
  });
  it('folds ø ł đ ħ ı ß to o l d h i ss', () => {
    expect(texts([e('a', 'Orsted Lodz Dakovo Hamrun Istanbul Strasse')], 'Ørsted Łódź Đakovo Ħamrun Istanbul Straße')).toHaveLength(1);
    expect(texts([e('b', 'Istanbul')], 'Istanbul')).toEqual(['Istanbul']);
    expect(texts([e('b', 'Straße')], 'STRASSE')).toEqual(['STRASSE']);
  });
  it('never folds marks of other scripts', () => {
    expect(texts([e('j', 'जापान')], 'जापानी')).toEqual([]);
    expect(texts([e('d', 'デリー')], 'テリー')).toEqual([]);
    expect(texts([e('t', 'テリー')], 'デリー')).toEqual([]);
  });
  it('never folds a mark of another script that follows a Latin, Greek or Cyrillic letter', () => {
    // A Devanagari vowel sign and a Hebrew point are part of the letter before them (rule 2), and
    // after the last letter they continue the word (rule 4). Found by a held-out audit.
    const places = [japan, e('m', 'Москва'), e('a', 'Αθήνα'), e('nd', 'New Delhi')];
    for (const t of ['Ja\u093Fpan', 'Ja\u05B8pan', 'New Del\u093Fhi', 'Japan\u093F', 'Japan\u05B8 x', 'Москва\u093F', 'Αθήνα\u05B8', 'Japan\u0301\u093F', 'Ja\u0301\u093Fpan']) {
      expect(texts(places, t), t).toEqual([]);
    }
    // Their own diacritics still go, in any order with ignored characters, decomposed or not.
    for (const t of ['Japa\u0301n', 'Ja\u00AD\u0301pan', 'Москва\u0301', 'Αθη\u0301να', 'Japan\u0301']) expect(texts(places, t), t).toHaveLength(1);
    // A mark after a digit is kept (it is no letter's diacritic).
    expect(texts([e('g', 'G7')], 'G7\u0301')).toEqual([]);
  });
  it('full-width and half-width forms equal the ordinary ones', () => {
    expect(texts([japan], 'Ｊａｐａｎ')).toEqual(['Ｊａｐａｎ']);
    expect(texts([e('d', 'デリー')], 'ﾃﾞﾘｰ')).toEqual(['ﾃﾞﾘｰ']);
  });
  it('ignores soft hyphens and zero-width characters before anything else', () => {
    expect(texts([japan], 'Japan\u200Bese')).toEqual([]);
    expect(texts([japan], 'Ja\u00ADpan and Jap\u200Dan and \uFEFFJapan\u2060')).toEqual(['Ja\u00ADpan', 'Jap\u200Dan', 'Japan']);
  });
  it('unifies apostrophes and white space', () => {
    const ci = e('ci', "Côte d'Ivoire");
    expect(texts([ci], 'Côte d’Ivoire, Cote d\u02BCIvoire, Côte\u00A0d\'Ivoire, Côte \n d‘Ivoire')).toHaveLength(4);
  });
});

describe('rule 3: blocks', () => {
  it('a mention crosses inline elements (joined text) but never blocks', () => {
    const rs = e('rs', 'Rajnath Singh', [], 'person');
    expect(texts([rs], 'Rajnath\u00A0Singh')).toEqual(['Rajnath\u00A0Singh']);
    expect(found([rs], ['Rajnath', 'Singh'])).toEqual([]);
  });
  it('offsets are into the original block, first to last character', () => {
    const r = found([japan], '  \u200BJapan\u200B  ');
    expect(r).toEqual(['Japan=japan']);
  });
});

describe('rule 4: word boundaries', () => {
  it('matches at non-letters, not inside words', () => {
    for (const t of ["Japan's", 'Japan’s', 'India-Japan', 'Indo-Japan', 'Japanは']) expect(texts([japan], t)).toEqual(['Japan']);
    for (const t of ['Japanese', 'Japan2025', 'Nippon-Japanx']) expect(texts([japan], t)).toEqual([]);
    expect(texts([india], 'भारतीय')).toEqual([]);
    expect(texts([india], 'भारत का')).toEqual(['भारत']);
  });
  it('digits are decimal digits of any script and letter-like numerals; footnote marks, circled numbers and fractions are not', () => {
    for (const t of ['Japan¹', '²Japan', 'Japan③', 'Japan½', 'Japan₂']) expect(texts([japan], t), t).toEqual(['Japan']);
    for (const t of ['Japan٢٠٢٥', 'Japan२', 'Japan７', 'JapanⅫ']) expect(texts([japan], t), t).toEqual([]);
  });
  it('no-space scripts match anywhere', () => {
    expect(texts([e('n', '中谷元', [], 'person')], '中谷元防衛相')).toEqual(['中谷元']);
    expect(texts([japan], '日本政府')).toEqual(['日本']);
    expect(texts([e('th', 'ไทย')], 'ประเทศไทยและ')).toEqual(['ไทย']);
  });
  it('Katakana runs are not cut; ー continues a run, ・ does not', () => {
    expect(texts([india], 'インドネシア')).toEqual([]);
    expect(texts([india], 'インドア')).toEqual([]);
    expect(texts([india], 'インドー')).toEqual([]);
    expect(texts([india], 'インド・パキスタン')).toEqual(['インド']);
    expect(texts([india], '東インド会社')).toEqual(['インド']);
  });
});

describe('rule 5: case', () => {
  it('a capitalized alias word needs an upper-case first letter', () => {
    const nice = e('nice', 'Nice');
    expect(texts([nice], 'a nice day in Nice. NICE')).toEqual(['Nice', 'NICE']);
    expect(texts([japan], 'JAPAN japan Japan')).toEqual(['JAPAN', 'Japan']);
  });
  it('an acronym of two letters or more matches only all capitals', () => {
    const ani = e('ani', 'ANI', [], 'org');
    expect(texts([ani], 'ANI Ani ani')).toEqual(['ANI']);
    expect(texts([e('us', 'US')], 'US us Us')).toEqual(['US']);
  });
  it('title-case letters are capitals: an all-capitals word may hold them', () => {
    const odeion = e('odeion', 'ᾨΔΕΙΟΝ');
    expect(texts([odeion], 'ᾨΔΕΙΟΝ ΩΔΕΙΟΝ ᾨδεῖον')).toEqual(['ᾨΔΕΙΟΝ', 'ΩΔΕΙΟΝ']);
    expect(texts([e('athina', 'ΑΘΗΝΑ')], 'ΑΘΗΝᾼ')).toEqual(['ΑΘΗΝᾼ']);
    expect(texts([e('dz', 'ǅX')], 'ǅX ǄX ǆx')).toEqual(['ǅX', 'ǄX']);
  });
  it('other letters compare without case', () => {
    expect(texts([e('r', 'Rio de Janeiro')], 'RIO DE JANEIRO, Rio De Janeiro, Rio de janeiro')).toEqual(['RIO DE JANEIRO', 'Rio De Janeiro']);
    expect(texts([e('i', 'iPhone', [], 'other')], 'IPHONE iphone')).toEqual(['IPHONE', 'iphone']);
  });
});

describe('rule 6: overlaps', () => {
  it('leftmost, then longest', () => {
    const nd = e('nd', 'New Delhi');
    const d = e('d', 'Delhi');
    expect(found([nd, d], 'New Delhi and Delhi')).toEqual(['New Delhi=nd', 'Delhi=d']);
    const jk = e('jk', 'Jammu and Kashmir');
    const k = e('k', 'Kashmir');
    expect(found([jk, k], 'Jammu and Kashmir, Kashmir')).toEqual(['Jammu and Kashmir=jk', 'Kashmir=k']);
  });
  it('a longer candidate that fails the case rule does not block a shorter one', () => {
    const ny = e('ny', 'New York');
    const nyt = e('nyt', 'New York Times', [], 'org');
    expect(found([ny, nyt], 'New York times')).toEqual(['New York=ny']);
  });
});

describe('rule 7: short forms', () => {
  const rs = e('rs', 'Rajnath Singh', ['राजनाथ सिंह'], 'person');
  const gn = e('gn', 'Gen Nakatani', [], 'person');
  const ms = e('ms', 'Manmohan Singh', [], 'person');
  it('a bare surname counts only after a full mention', () => {
    expect(found([rs, gn], 'Singh arrived. Rajnath Singh met Gen Nakatani; Singh and Nakatani spoke.')).toEqual([
      'Rajnath Singh=rs', 'Gen Nakatani=gn', 'Singh=rs~', 'Nakatani=gn~',
    ]);
  });
  it('works across blocks in document order', () => {
    expect(found([rs], ['Rajnath Singh said', 'Singh added'])).toEqual(['Rajnath Singh=rs', 'Singh=rs~']);
    expect(found([rs], ['Singh said', 'Rajnath Singh added'])).toEqual(['Rajnath Singh=rs']);
  });
  it('the most recently mentioned person wins', () => {
    expect(found([rs, ms], 'Rajnath Singh, Manmohan Singh. Singh. Rajnath Singh. Singh.')).toEqual([
      'Rajnath Singh=rs', 'Manmohan Singh=ms', 'Singh=ms~', 'Rajnath Singh=rs', 'Singh=rs~',
    ]);
  });
  it('skips Jr, Sr, II, III, IV; words split at ・', () => {
    const mlk = e('mlk', 'Martin Luther King Jr.', [], 'person');
    expect(found([mlk], 'Martin Luther King Jr. spoke. King said')).toEqual(['Martin Luther King Jr.=mlk', 'King=mlk~']);
    // "the last word of the name that is not Jr, Sr, II, III or IV": for `Henry IV` that is Henry.
    const h4 = e('h4', 'Henry IV', [], 'person');
    expect(found([h4], 'Henry spoke. Henry IV spoke. Henry said. IV said.')).toEqual(['Henry IV=h4', 'Henry=h4~']);
    const dt = e('dt', 'ドナルド・トランプ', [], 'person');
    expect(found([dt], 'ドナルド・トランプ氏。トランプ氏')).toEqual(['ドナルド・トランプ=dt', 'トランプ=dt~']);
  });
  it("an alias's last word counts after that alias appeared", () => {
    expect(found([rs], 'Rajnath Singh. सिंह')).toEqual(['Rajnath Singh=rs']);
    expect(found([rs], 'राजनाथ सिंह. सिंह. Singh')).toEqual(['राजनाथ सिंह=rs', 'सिंह=rs~', 'Singh=rs~']);
  });
  it('a surname that is also another entity name is ambiguous, the person first', () => {
    const city = e('singh-city', 'Singh');
    expect(found([rs, city], 'Singh. Rajnath Singh. Singh')).toEqual(['Singh=singh-city', 'Rajnath Singh=rs', 'Singh=rs|singh-city~']);
  });
  it('a dropped surname never hides a full mention', () => {
    const sb = e('sb', 'Smith Barney', [], 'org');
    const js = e('js', 'Anna Jones-Smith', [], 'person');
    expect(found([sb, js], 'Jones-Smith Barney')).toEqual(['Smith Barney=sb']);
  });
  it('a dropped surname never hides a valid surname inside it', () => {
    // Nobody named Jones-Smith or Smith-Jones was mentioned: their surnames are not mentions, and
    // the `Smith` in each is Will Smith's (rule 4: a hyphen separates words).
    const ws = e('will', 'Will Smith', [], 'person');
    const js = e('anna', 'Anna Jones-Smith', [], 'person');
    const sj = e('bob', 'Bob Smith-Jones', [], 'person');
    const text = ['Will Smith spoke. Jones-Smith said.', 'Later, Smith-Jones said.'];
    expect(found([ws], text)).toEqual(['Will Smith=will', 'Smith=will~', 'Smith=will~']);
    expect(found([ws, js, sj], text)).toEqual(['Will Smith=will', 'Smith=will~', 'Smith=will~']);
    // Once Anna was mentioned, her longer surname takes the text (leftmost, then longest).
    expect(found([ws, js, sj], ['Will Smith and Anna Jones-Smith.', 'Jones-Smith said. Smith-Jones said.'])).toEqual([
      'Will Smith=will', 'Anna Jones-Smith=anna', 'Jones-Smith=anna~', 'Smith=will~',
    ]);
  });
  it('people only', () => {
    expect(found([e('nd', 'New Delhi')], 'New Delhi. Delhi')).toEqual(['New Delhi=nd']);
  });
});

describe('rule 8: ambiguity', () => {
  const ga = e('georgia-country', 'Georgia', [], 'place', { updatedAt: 1 });
  const gs = e('georgia-state', 'Georgia', [], 'place', { updatedAt: 2 });
  const gn = e('georgia-notes', 'Georgia', [], 'person', { hasNotes: true });
  it('notes first, then most recently updated, then id', () => {
    expect(found([ga, gs], 'Georgia')).toEqual(['Georgia=georgia-state|georgia-country']);
    expect(found([ga, gs, gn], 'Georgia')).toEqual(['Georgia=georgia-notes|georgia-state|georgia-country']);
    const a = e('b', 'X Y'), b = e('a', 'X Y');
    expect(found([a, b], 'X Y')).toEqual(['X Y=a|b']);
  });
  it('entities mentioned earlier on the page come first, most recent first', () => {
    const tb = e('tbilisi', 'Tbilisi');
    const gc = e('georgia-country', 'Georgia', ['Sakartvelo'], 'place', { updatedAt: 1 });
    expect(found([gc, gs, tb], 'Sakartvelo. Georgia')).toEqual(['Sakartvelo=georgia-country', 'Georgia=georgia-country|georgia-state']);
  });
  it('the type is the first-ranked entity’s', async () => {
    const { compileMatcher, resolveMentions } = await import('../../../src/core/matcher/index');
    const m = compileMatcher([ga, gn]);
    expect(resolveMentions(m.scan(['Georgia']))[0].type).toBe('person');
  });
});

describe('rule 10: precision guard is opt-in', () => {
  it('a guarded entity does not match ordinary words; an unguarded one always does', () => {
    const reading = e('reading', 'Reading', [], 'place', { guard: true });
    const march = e('march', 'March', [], 'place', { guard: true });
    const paris = e('paris', 'Paris', [], 'place', { guard: true });
    expect(texts([reading, march, paris], 'Reading in March in Paris')).toEqual(['Paris']);
    const mine = e('reading-mine', 'Reading', [], 'place');
    expect(found([reading, mine], 'Reading')).toEqual(['Reading=reading-mine']);
  });
});
