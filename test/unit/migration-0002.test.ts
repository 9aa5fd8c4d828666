// Migration 0002 on :memory:: the dataset tables exist with their keys and constraints.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0002 (datasets)', () => {
  it('creates the MovieLens and IMDb tables', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 2));
    expect(schemaVersion(db)).toBe(2);
    const names = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'movies',
        'ml_user_ratings',
        'ml_tags',
        'imdb_titles',
        'imdb_ratings',
        'imdb_directors',
        'imdb_names',
      ]),
    );
    // imdb ids keep their zeros; tconst is indexed.
    db.prepare(
      "INSERT INTO movies(movie_id,title,year,genres,imdb_id,tconst,tmdb_id) VALUES (1,'Toy Story',1995,'Animation','0114709','tt0114709',862)",
    ).run();
    expect(db.prepare('SELECT imdb_id FROM movies WHERE tconst = ?').pluck().get('tt0114709')).toBe(
      '0114709',
    );
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM movies WHERE tconst = 'tt1'").all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/movies_tconst/);
    // STRICT: a text rating is refused, and the primary keys hold.
    expect(() => db.prepare("INSERT INTO imdb_ratings VALUES ('tt1','high',3)").run()).toThrow(
      /cannot store TEXT/,
    );
    db.prepare("INSERT INTO imdb_ratings VALUES ('tt0000001', 5.7, 1900)").run();
    expect(() => db.prepare("INSERT INTO imdb_ratings VALUES ('tt0000001', 6, 1)").run()).toThrow(/UNIQUE/);
    db.prepare('INSERT INTO ml_user_ratings VALUES (1, 1, ?, ?, ?)').run(
      Buffer.alloc(4),
      Buffer.alloc(1),
      Buffer.alloc(4),
    );
    expect(db.prepare('SELECT length(items) FROM ml_user_ratings').pluck().get()).toBe(4);
  });
});
