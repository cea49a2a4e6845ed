-- Who is talking: the medium that published a news item, each (mention, brand) fact's author and medium, and a
-- summary per author (medium) and brand, so the dashboard ranks voices over any selection at a million mentions.
--
-- mentions.publication: the medium of an RSS/Atom item (the aggregator's <source>, else the feed's own title,
--   else the article's domain), set by the RSS collector. Existing items get it from the feed title kept in
--   `raw`, else from their link's domain.
-- dash_facts.author: '<platform>:<handle or name, lower case>' ('' when unknown); dash_facts.medium: the
--   publication ('' for other platforms). Set when a fact is inserted, and again when a mention's author or
--   publication changes.
-- dash_voices: per (kind, brand, voice) — kind 'author' or 'medium', brand '' for all brands together — the
--   facts' count, reach and first publication date: upper bounds that let a ranking stop early, and the date
--   that tells a new voice. Kept by triggers on dash_facts.
-- dash_daily_labels (and dash_monthly_labels through their triggers) gain dim 'medium': media are ranked from
--   the summaries, like motivations and categories.

ALTER TABLE mentions ADD COLUMN publication TEXT;

CREATE TEMP TABLE publication_hosts (seq INTEGER PRIMARY KEY, host TEXT NOT NULL);
INSERT INTO publication_hosts (seq, host)
SELECT seq, substr(url, instr(url, '://') + 3) FROM mentions NOT INDEXED
WHERE platform = 'rss' AND (url LIKE 'http://%' OR url LIKE 'https://%');
UPDATE publication_hosts SET host = lower(substr(host, 1, instr(host || '/', '/') - 1));
UPDATE publication_hosts SET host = substr(host, 1, instr(host || ':', ':') - 1);
UPDATE publication_hosts SET host = substr(host, 5) WHERE host LIKE 'www.%';

-- NOT INDEXED: rows are visited in storage order, not in an index's (random) order.
UPDATE mentions NOT INDEXED SET publication = coalesce(
    nullif(trim(CASE WHEN json_valid(raw) THEN json_extract(raw, '$.feed_title') END), ''),
    (SELECT nullif(host, '') FROM publication_hosts h WHERE h.seq = mentions.seq))
WHERE platform = 'rss';

DROP TABLE publication_hosts;

-- The author key and the medium of a mention: the one definition used by the backfill and the triggers.
CREATE VIEW dash_mention_voices AS
SELECT id AS mention_id, seq,
       CASE WHEN coalesce(nullif(trim(author_handle), ''), nullif(trim(author_name), '')) IS NULL THEN ''
            ELSE platform || ':' || lower(coalesce(nullif(trim(author_handle), ''), trim(author_name))) END AS author,
       coalesce(publication, '') AS medium
FROM mentions;

ALTER TABLE dash_facts ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE dash_facts ADD COLUMN medium TEXT NOT NULL DEFAULT '';

-- `seq >= 0` makes SQLite walk the primary key (storage order) instead of an index in mention-id order.
UPDATE dash_facts SET (author, medium) =
    (SELECT v.author, v.medium FROM dash_mention_voices v WHERE v.seq = dash_facts.seq)
WHERE seq >= 0;

CREATE TABLE dash_voices (
    kind      TEXT NOT NULL CHECK (kind IN ('author', 'medium')),
    brand     TEXT NOT NULL,
    voice     TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    reach     INTEGER NOT NULL,
    first_at  TEXT NOT NULL,
    PRIMARY KEY (kind, brand, voice)
) WITHOUT ROWID;

INSERT INTO dash_voices (kind, brand, voice, mentions, reach, first_at)
SELECT 'author', brand, author, count(*), sum(reach), min(published_at) FROM dash_facts WHERE author != ''
GROUP BY brand, author
UNION ALL
SELECT 'author', '', author, count(*), sum(reach), min(published_at) FROM dash_facts WHERE author != ''
GROUP BY author
UNION ALL
SELECT 'medium', brand, medium, count(*), sum(reach), min(published_at) FROM dash_facts WHERE medium != ''
GROUP BY brand, medium
UNION ALL
SELECT 'medium', '', medium, count(*), sum(reach), min(published_at) FROM dash_facts WHERE medium != ''
GROUP BY medium;

INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
SELECT 'medium', medium, substr(published_at, 1, 10), brand, platform, lang, sentiment, count(*), sum(reach)
FROM dash_facts WHERE medium != '' GROUP BY 2, 3, 4, 5, 6, 7;

CREATE INDEX dash_voices_mentions ON dash_voices(kind, brand, mentions, voice);
CREATE INDEX dash_voices_reach ON dash_voices(kind, brand, reach, voice);

-- Rankings read a voice's facts from these (filters checked in the index), and the time indexes carry the
-- author too, so a small selection is grouped without looking rows up (and the mention id: a rare selection's
-- topics are counted without looking rows up either).
CREATE INDEX dash_facts_author ON dash_facts(author, published_at, brand, platform, lang, sentiment, motivations, reach)
    WHERE author != '';
CREATE INDEX dash_facts_medium ON dash_facts(medium, published_at, brand, platform, lang, sentiment, motivations, reach)
    WHERE medium != '';
DROP INDEX dash_facts_time;
CREATE INDEX dash_facts_time
    ON dash_facts(published_at, brand, platform, lang, sentiment, motivations, reach, author, mention_id);
DROP INDEX dash_facts_brand_time;
CREATE INDEX dash_facts_brand_time
    ON dash_facts(brand, published_at, platform, lang, sentiment, motivations, reach, author);

-- A new fact gets its mention's voices (the update below then counts them).
CREATE TRIGGER dash_facts_voices_ai AFTER INSERT ON dash_facts BEGIN
    UPDATE dash_facts SET (author, medium) = (SELECT v.author, v.medium FROM dash_mention_voices v WHERE v.seq = new.seq)
    WHERE seq = new.seq AND brand = new.brand;
END;

CREATE TRIGGER dash_mentions_voices_au AFTER UPDATE OF platform, author_handle, author_name, publication ON mentions
BEGIN
    UPDATE dash_facts SET (author, medium) = (SELECT v.author, v.medium FROM dash_mention_voices v WHERE v.seq = new.seq)
    WHERE seq = new.seq;
END;

-- Facts → dash_voices: a fact counts for its brand's row and for the all-brands row ('') of its author and medium.
CREATE TRIGGER dash_voices_add AFTER UPDATE OF author, medium, published_at, reach ON dash_facts
WHEN (old.author != '' OR new.author != '' OR old.medium != '' OR new.medium != '')
     AND (old.author, old.medium, old.published_at, old.reach) IS NOT (new.author, new.medium, new.published_at, new.reach)
BEGIN
    UPDATE dash_voices SET mentions = mentions - 1, reach = reach - old.reach
    WHERE ((kind = 'author' AND voice = old.author) OR (kind = 'medium' AND voice = old.medium))
      AND voice != '' AND brand IN (old.brand, '');
    DELETE FROM dash_voices
    WHERE ((kind = 'author' AND voice = old.author) OR (kind = 'medium' AND voice = old.medium))
      AND voice != '' AND brand IN (old.brand, '') AND mentions <= 0;
    INSERT INTO dash_voices (kind, brand, voice, mentions, reach, first_at)
    SELECT k.kind, b.brand, k.voice, 1, new.reach, new.published_at
    FROM (SELECT 'author' AS kind, new.author AS voice UNION ALL SELECT 'medium', new.medium) k,
         (SELECT new.brand AS brand UNION ALL SELECT '') b
    WHERE k.voice != ''
    ON CONFLICT (kind, brand, voice) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach, first_at = min(first_at, excluded.first_at);
    UPDATE dash_voices SET first_at = (
        SELECT min(f.published_at) FROM dash_facts f
        WHERE f.author = dash_voices.voice AND f.author != '' AND (dash_voices.brand = '' OR f.brand = dash_voices.brand))
    WHERE kind = 'author' AND voice = old.author AND old.author != '' AND brand IN (old.brand, '')
      AND first_at = old.published_at;
    UPDATE dash_voices SET first_at = (
        SELECT min(f.published_at) FROM dash_facts f
        WHERE f.medium = dash_voices.voice AND f.medium != '' AND (dash_voices.brand = '' OR f.brand = dash_voices.brand))
    WHERE kind = 'medium' AND voice = old.medium AND old.medium != '' AND brand IN (old.brand, '')
      AND first_at = old.published_at;
END;

-- Facts → the 'medium' labels of dash_daily_labels (the monthly table follows by its own triggers).
CREATE TRIGGER dash_medium_labels_au AFTER UPDATE OF medium, published_at, platform, lang, sentiment, reach ON dash_facts
WHEN (old.medium != '' OR new.medium != '')
     AND (old.medium, old.published_at, old.platform, old.lang, old.sentiment, old.reach)
         IS NOT (new.medium, new.published_at, new.platform, new.lang, new.sentiment, new.reach)
BEGIN
    UPDATE dash_daily_labels SET mentions = mentions - 1, reach = reach - old.reach
    WHERE dim = 'medium' AND label = old.medium AND day = substr(old.published_at, 1, 10) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily_labels
    WHERE dim = 'medium' AND label = old.medium AND day = substr(old.published_at, 1, 10) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
    INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
    SELECT 'medium', new.medium, substr(new.published_at, 1, 10), new.brand, new.platform, new.lang, new.sentiment,
           1, new.reach
    WHERE new.medium != ''
    ON CONFLICT (dim, label, day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
END;

CREATE TRIGGER dash_voices_remove AFTER DELETE ON dash_facts BEGIN
    UPDATE dash_daily_labels SET mentions = mentions - 1, reach = reach - old.reach
    WHERE dim = 'medium' AND label = old.medium AND day = substr(old.published_at, 1, 10) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily_labels
    WHERE dim = 'medium' AND label = old.medium AND day = substr(old.published_at, 1, 10) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
    UPDATE dash_voices SET mentions = mentions - 1, reach = reach - old.reach
    WHERE ((kind = 'author' AND voice = old.author) OR (kind = 'medium' AND voice = old.medium))
      AND voice != '' AND brand IN (old.brand, '');
    DELETE FROM dash_voices
    WHERE ((kind = 'author' AND voice = old.author) OR (kind = 'medium' AND voice = old.medium))
      AND voice != '' AND brand IN (old.brand, '') AND mentions <= 0;
    UPDATE dash_voices SET first_at = (
        SELECT min(f.published_at) FROM dash_facts f
        WHERE f.author = dash_voices.voice AND f.author != '' AND (dash_voices.brand = '' OR f.brand = dash_voices.brand))
    WHERE kind = 'author' AND voice = old.author AND old.author != '' AND brand IN (old.brand, '')
      AND first_at = old.published_at;
    UPDATE dash_voices SET first_at = (
        SELECT min(f.published_at) FROM dash_facts f
        WHERE f.medium = dash_voices.voice AND f.medium != '' AND (dash_voices.brand = '' OR f.brand = dash_voices.brand))
    WHERE kind = 'medium' AND voice = old.medium AND old.medium != '' AND brand IN (old.brand, '')
      AND first_at = old.published_at;
END;
