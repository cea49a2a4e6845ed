-- veille: foreign_keys off
-- (storage/db.py applies this file with foreign keys off: dropping the old `mentions` and `sources` tables with
-- them on would delete every child row through ON DELETE CASCADE. `PRAGMA foreign_key_check` runs before commit.)
--
-- 1. mentions.published_at may be NULL: an undated item of a feed's backlog stays undated instead of being dated
--    "now". mentions.date_source says where each date comes from. SQLite cannot drop a NOT NULL: the table is
--    rebuilt with the same seq values (the FTS5 index, keyed by seq, stays valid), its indexes and triggers
--    recreated. Dates given to undated RSS items at collection time (published_at = collected_at) are named
--    `first_seen`; every other date is the item's own (`item`).
-- 2. Undated mentions are kept out of dash_facts, hence out of every rollup, trend and alert; the dashboard's
--    Mentions page lists them apart ("date inconnue"). dash_refresh_ai is redefined accordingly.
-- 3. sources.status may be 'partial' (some of a source's URLs failed, others worked) and sources.target_errors
--    names the failing URLs.

-- Views and the trigger that read `mentions` by name: the rename below checks them, so they go first.
DROP VIEW brand_daily;
DROP VIEW brand_mentions;
DROP VIEW mentions_tagged;
DROP TRIGGER dash_refresh_ai;

CREATE TABLE mentions_rebuilt (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    platform          TEXT NOT NULL,
    source            TEXT NOT NULL,
    url               TEXT,
    title             TEXT,
    text              TEXT NOT NULL,
    author_handle     TEXT,
    author_name       TEXT,
    author_followers  INTEGER,
    likes             INTEGER,
    shares            INTEGER,
    replies           INTEGER,
    reach             INTEGER NOT NULL DEFAULT 0,
    platform_lang     TEXT,
    published_at      TEXT,
    date_source       TEXT NOT NULL DEFAULT 'item'
                      CHECK (date_source IN ('item', 'feed', 'http', 'url', 'first_seen', 'unknown')),
    collected_at      TEXT NOT NULL,
    raw               TEXT,
    CHECK ((published_at IS NULL) = (date_source = 'unknown'))
);

INSERT INTO mentions_rebuilt (seq, id, platform, source, url, title, text, author_handle, author_name,
                              author_followers, likes, shares, replies, reach, platform_lang, published_at,
                              date_source, collected_at, raw)
SELECT seq, id, platform, source, url, title, text, author_handle, author_name, author_followers, likes, shares,
       replies, reach, platform_lang, published_at,
       CASE WHEN platform = 'rss' AND published_at = collected_at THEN 'first_seen' ELSE 'item' END,
       collected_at, raw
FROM mentions;

DROP TABLE mentions;
ALTER TABLE mentions_rebuilt RENAME TO mentions;

CREATE INDEX mentions_published ON mentions(published_at);
CREATE INDEX mentions_platform_published ON mentions(platform, published_at);
CREATE INDEX mentions_source ON mentions(source);
CREATE INDEX mentions_source_collected ON mentions(source, collected_at);

-- Full-text index (0001): unchanged, the rows kept their seq.
CREATE TRIGGER mentions_fts_ai AFTER INSERT ON mentions BEGIN
    INSERT INTO mentions_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER mentions_fts_ad AFTER DELETE ON mentions BEGIN
    INSERT INTO mentions_fts(mentions_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER mentions_fts_au AFTER UPDATE OF title, text ON mentions BEGIN
    INSERT INTO mentions_fts(mentions_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO mentions_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Dashboard summaries (0100): the mentions triggers as they were.
CREATE TRIGGER dash_mentions_au AFTER UPDATE OF published_at, platform, platform_lang, reach ON mentions BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.id, NULL);
END;

CREATE TRIGGER dash_mentions_ad AFTER DELETE ON mentions BEGIN
    DELETE FROM dash_facts WHERE mention_id = old.id;
END;

-- The refresh of a mention's facts, as in 0100, except that an undated mention has none (a date removed by
-- hand removes them, a date set by hand adds them).
CREATE TRIGGER dash_refresh_ai AFTER INSERT ON dash_refresh BEGIN
    DELETE FROM dash_facts
    WHERE mention_id = new.mention_id AND (new.brand IS NULL OR brand = new.brand)
      AND NOT EXISTS (SELECT 1 FROM mentions WHERE id = new.mention_id AND published_at IS NOT NULL);
    INSERT INTO dash_facts (seq, brand, mention_id, published_at, platform, lang, sentiment, reach, motivations,
                            sample)
    SELECT m.seq, b.brand, m.id, m.published_at, m.platform,
           coalesce(t.lang, m.platform_lang, ''), coalesce(o.sentiment, bs.sentiment, t.sentiment, ''), m.reach,
           (SELECT coalesce(sum(CASE motivation WHEN 'cause' THEN 1 WHEN 'connection' THEN 2 WHEN 'information' THEN 4
                   WHEN 'entertainment' THEN 8 WHEN 'identity' THEN 16 WHEN 'recommendation' THEN 32 ELSE 0 END), 0)
            FROM mention_motivations mm WHERE mm.mention_id = m.id),
           ((m.seq * 2654435761) >> 12) & 1023
    FROM mentions m
    JOIN mention_brands b ON b.mention_id = m.id
    LEFT JOIN mention_tags t ON t.mention_id = m.id
    LEFT JOIN brand_sentiments bs ON bs.mention_id = m.id AND bs.brand = b.brand
    LEFT JOIN sentiment_overrides o ON o.mention_id = m.id
    WHERE m.id = new.mention_id AND m.published_at IS NOT NULL AND (new.brand IS NULL OR b.brand = new.brand)
    ON CONFLICT (seq, brand) DO UPDATE SET
        published_at = excluded.published_at, platform = excluded.platform, lang = excluded.lang,
        sentiment = excluded.sentiment, reach = excluded.reach, motivations = excluded.motivations
    WHERE (dash_facts.published_at, dash_facts.platform, dash_facts.lang, dash_facts.sentiment, dash_facts.reach,
           dash_facts.motivations)
          IS NOT (excluded.published_at, excluded.platform, excluded.lang, excluded.sentiment, excluded.reach,
                  excluded.motivations);
    DELETE FROM dash_refresh WHERE rowid = new.rowid;
END;

-- Analyst views (0002), with date_source; brand_daily counts dated mentions only (an undated one has no day).
CREATE VIEW mentions_tagged AS
SELECT m.id, m.platform, m.source, m.published_at, m.date_source, m.url, m.title, m.text,
       m.author_handle, m.author_name, m.author_followers, m.likes, m.shares, m.replies, m.reach,
       (SELECT group_concat(brand, ',') FROM mention_brands b WHERE b.mention_id = m.id) AS brands,
       COALESCE(t.lang, m.platform_lang) AS lang,
       COALESCE(o.sentiment, t.sentiment) AS sentiment,
       t.sentiment AS model_sentiment,
       t.sentiment_score,
       o.sentiment IS NOT NULL AS corrected,
       (SELECT group_concat(motivation, ',') FROM mention_motivations mm WHERE mm.mention_id = m.id)
           AS motivations,
       t.analyzer, t.analyzer_version, t.tagged_at
FROM mentions m
LEFT JOIN mention_tags t ON t.mention_id = m.id
LEFT JOIN sentiment_overrides o ON o.mention_id = m.id;

CREATE VIEW brand_mentions AS
SELECT b.brand, m.id AS mention_id, m.platform, m.source, m.published_at, m.date_source,
       substr(m.published_at, 1, 10) AS day, m.reach,
       COALESCE(o.sentiment, bs.sentiment, t.sentiment) AS sentiment,
       COALESCE(bs.score, t.sentiment_score) AS sentiment_score,
       COALESCE(t.lang, m.platform_lang) AS lang
FROM mention_brands b
JOIN mentions m ON m.id = b.mention_id
LEFT JOIN mention_tags t ON t.mention_id = m.id
LEFT JOIN brand_sentiments bs ON bs.mention_id = b.mention_id AND bs.brand = b.brand
LEFT JOIN sentiment_overrides o ON o.mention_id = m.id;

CREATE VIEW brand_daily AS
SELECT brand, day,
       count(*) AS mentions,
       sum(sentiment = 'positive') AS positive,
       sum(sentiment = 'neutral') AS neutral,
       sum(sentiment = 'negative') AS negative,
       sum(sentiment IS NULL) AS untagged,
       sum(reach) AS reach,
       round(100.0 * (sum(sentiment = 'positive') - sum(sentiment = 'negative'))
             / max(1, sum(sentiment IS NOT NULL)), 1) AS net_sentiment
FROM brand_mentions
WHERE day IS NOT NULL
GROUP BY brand, day;

-- Sources: 'partial' status and the failing URLs of the last collection.
CREATE TABLE sources_rebuilt (
    name             TEXT PRIMARY KEY,
    type             TEXT NOT NULL,
    settings         TEXT NOT NULL DEFAULT '{}',
    status           TEXT NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'ok', 'warning', 'partial', 'failed', 'rate_limited')),
    last_run_at      TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    target_errors    TEXT NOT NULL DEFAULT '[]',
    next_attempt_at  TEXT,
    updated_at       TEXT NOT NULL
);

INSERT INTO sources_rebuilt (name, type, settings, status, last_run_at, last_success_at, last_error, next_attempt_at,
                             updated_at)
SELECT name, type, settings, status, last_run_at, last_success_at, last_error, next_attempt_at, updated_at
FROM sources;

DROP TABLE sources;
ALTER TABLE sources_rebuilt RENAME TO sources;
