// Writes an IMDb-shaped title.basics.tsv and title.ratings.tsv of ~1M titles for the search
// benchmark: the real head50k-2025 sample (read from ../shared, never copied into the repo) plus
// generated titles in IMDb's shapes. Each generated title takes a real title's shape (its words,
// articles, punctuation, subtitle, language) and swaps about half its words for words drawn from
// the real titles' vocabulary by frequency; types, years, runtimes and votes follow IMDb's mix of
// films, TV films, series, miniseries and specials (about half unrated, votes heavy-tailed).
// With `crew`, also a title.crew.tsv: the real head's crew rows, then for each generated title 1-2
// directors and 0-3 writers drawn from a pool of people with a heavy-tailed number of credits.
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { rng } from './synthetic.ts';

const KEPT = new Set(['movie', 'tvMovie', 'tvSeries', 'tvMiniSeries', 'tvSpecial']);
const TYPE_MIX: [string, number][] = [
  ['movie', 0.58],
  ['tvSeries', 0.22],
  ['tvMovie', 0.12],
  ['tvMiniSeries', 0.05],
  ['tvSpecial', 0.03],
];
const GENRES =
  'Drama,Comedy,Documentary,Action,Romance,Thriller,Crime,Horror,Adventure,Family,Animation,Mystery,Fantasy,Sci-Fi,Music,Biography,History,War,Western,Musical,Sport'.split(
    ',',
  );

export interface WrittenTitles {
  basics: string;
  ratings: string;
  real: number;
  generated: number;
  kept: number;
  /** title.crew.tsv, when asked for. */
  crew?: string;
}

/** Reads the real sample's shapes, then writes `total` kept titles (real + generated) into dir. */
export async function writeTitles(
  sampleDir: string,
  dir: string,
  total = 1_000_000,
  seed = 7,
  crew = false,
): Promise<WrittenTitles> {
  const rand = rng(seed);
  const basicsLines = readFileSync(join(sampleDir, 'title.basics.tsv'), 'utf8').split('\n');
  const ratingsText = readFileSync(join(sampleDir, 'title.ratings.tsv'), 'utf8');
  const shapes: string[] = [];
  const vocab: string[] = [];
  let kept = 0;
  for (const line of basicsLines.slice(1)) {
    const f = line.split('\t');
    if (f.length < 9) continue;
    if (KEPT.has(f[1]!)) kept++;
    shapes.push(f[2]!);
    for (const w of f[2]!.split(/\s+/)) if (/^[\p{L}']{2,}$/u.test(w)) vocab.push(w);
  }
  const basics = join(dir, 'title.basics.tsv');
  const ratings = join(dir, 'title.ratings.tsv');
  const b = createWriteStream(basics);
  const r = createWriteStream(ratings);
  const crewPath = join(dir, 'title.crew.tsv');
  const c = crew ? createWriteStream(crewPath) : null;
  // People: ~1 per 3 titles, credits heavy-tailed (a few directors with hundreds of titles).
  const people = Math.max(1000, Math.round(total / 3));
  const person = () =>
    `nm${String(20_000_000 + Math.floor(people * Math.pow(rand(), 2.5))).padStart(8, '0')}`;
  const ids = (n: number) => (n === 0 ? '\\N' : Array.from({ length: n }, person).join(','));
  const write = async (s: NodeJS.WritableStream, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  // The real rows first, exactly as they are.
  await write(b, basicsLines.filter((l) => l !== '').join('\n') + '\n');
  await write(r, ratingsText.endsWith('\n') ? ratingsText : ratingsText + '\n');
  if (c) {
    const crewText = readFileSync(join(sampleDir, 'title.crew.tsv'), 'utf8');
    await write(c, crewText.endsWith('\n') ? crewText : crewText + '\n');
  }

  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;
  const pickType = (): string => {
    let x = rand();
    for (const [t, p] of TYPE_MIX) if ((x -= p) < 0) return t;
    return 'movie';
  };
  let out = '';
  let outR = '';
  let outC = '';
  const generated = total - kept;
  for (let i = 0; i < generated; i++) {
    const tconst = `tt${String(20_000_000 + i).padStart(8, '0')}`;
    const words = pick(shapes).split(' ');
    const title = words
      .map((w) =>
        rand() < 0.5 && /^[\p{L}']+$/u.test(w) && !/^(The|A|An|Le|La|Der|Die|El)$/.test(w) ? pick(vocab) : w,
      )
      .join(' ');
    const suffix =
      rand() < 0.04 ? ` ${pick(['2', 'II', '3', 'Part Two', ': The Beginning', ': Origins'])}` : '';
    const primary = title + suffix;
    const original = rand() < 0.1 ? words.map((w) => (rand() < 0.7 ? pick(vocab) : w)).join(' ') : primary;
    const type = pickType();
    const year = 1900 + Math.floor(Math.pow(rand(), 0.45) * 126);
    const end =
      type === 'tvSeries' && rand() < 0.6
        ? String(Math.min(2025, year + 1 + Math.floor(rand() * 10)))
        : '\\N';
    const runtime = type === 'tvSeries' ? 22 + Math.floor(rand() * 40) : 60 + Math.floor(rand() * 90);
    const genres = [pick(GENRES), pick(GENRES)].filter((g, j, a) => a.indexOf(g) === j).join(',');
    if (c) outC += `${tconst}\t${ids(1 + (rand() < 0.15 ? 1 : 0))}\t${ids(Math.floor(rand() * 4))}\n`;
    out += `${tconst}\t${type}\t${primary}\t${original}\t0\t${year}\t${end}\t${runtime}\t${genres}\n`;
    if (rand() < 0.5) {
      // Heavy-tailed: median ~20 votes, a few hundred thousand at the top.
      const votes = Math.max(
        5,
        Math.round(
          Math.exp(
            3 + 2.2 * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand()),
          ),
        ),
      );
      outR += `${tconst}\t${(1 + rand() * 9).toFixed(1)}\t${Math.min(votes, 3_000_000)}\n`;
    }
    if (out.length > 1 << 20) {
      await write(b, out);
      await write(r, outR);
      if (c) await write(c, outC);
      out = '';
      outR = '';
      outC = '';
    }
  }
  await write(b, out);
  await write(r, outR);
  if (c) await write(c, outC);
  // Listen before ending: a stream that finishes before its listener is attached never resolves.
  const streams = c ? [b, r, c] : [b, r];
  const finished = Promise.all(streams.map((s) => once(s, 'finish')));
  for (const s of streams) s.end();
  await finished;
  return { basics, ratings, real: kept, generated, kept: kept + generated, ...(c ? { crew: crewPath } : {}) };
}
