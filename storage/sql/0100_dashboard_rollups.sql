-- Dashboard summaries kept up to date on write, so every page answers in well under a second at 1 M mentions.
--
-- dash_facts: one row per (mention, brand) with the EFFECTIVE values every dashboard filter needs
--   (user correction > brand-level sentiment > mention sentiment; analysed language > platform's;
--   share motivations as a bit mask). Its covering indexes answer filtered scans without lookups.
--   Triggers on the source tables queue the mention in dash_refresh; one trigger there recomputes it.
-- dash_daily: counts and reach per (day, brand, platform, lang, sentiment), maintained from dash_facts.
-- dash_daily_labels: the same per label: share motivation and e-reputation category (multi-label).
-- '' stands for "unknown" (lang) and "not analysed yet" (sentiment): primary keys cannot hold NULL.

CREATE TABLE dash_facts (
    seq           INTEGER NOT NULL,
    brand         TEXT NOT NULL,
    mention_id    TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    platform      TEXT NOT NULL,
    lang          TEXT NOT NULL,
    sentiment     TEXT NOT NULL,
    reach         INTEGER NOT NULL,
    motivations   INTEGER NOT NULL,
    sample        INTEGER NOT NULL,
    PRIMARY KEY (seq, brand)
) WITHOUT ROWID;

INSERT INTO dash_facts (seq, brand, mention_id, published_at, platform, lang, sentiment, reach, motivations, sample)
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
LEFT JOIN sentiment_overrides o ON o.mention_id = m.id;

-- By mention id (triggers), by time (all brands), by brand then time, by sample bucket (topic statistics,
-- with the mention id for the join to topics), by reach. The last four cover every dashboard filter.
CREATE INDEX dash_facts_mention ON dash_facts(mention_id);
CREATE INDEX dash_facts_time ON dash_facts(published_at, brand, platform, lang, sentiment, motivations, reach);
CREATE INDEX dash_facts_brand_time ON dash_facts(brand, published_at, platform, lang, sentiment, motivations, reach);
CREATE INDEX dash_facts_brand_sample
    ON dash_facts(brand, sample, published_at, platform, lang, sentiment, motivations, mention_id);
CREATE INDEX dash_facts_reach ON dash_facts(reach, published_at, brand, platform, lang, sentiment, motivations);

-- The labels a mention carries, as (dim, label): what dash_daily_labels counts.
CREATE VIEW dash_mention_labels AS
SELECT mention_id, 'motivation' AS dim, motivation AS label FROM mention_motivations
UNION ALL
SELECT mention_id, 'category' AS dim, value AS label FROM mention_topics WHERE kind = 'category';

CREATE TABLE dash_daily (
    day        TEXT NOT NULL,
    brand      TEXT NOT NULL,
    platform   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    reach      INTEGER NOT NULL,
    PRIMARY KEY (day, brand, platform, lang, sentiment)
) WITHOUT ROWID;

INSERT INTO dash_daily (day, brand, platform, lang, sentiment, mentions, reach)
SELECT substr(published_at, 1, 10), brand, platform, lang, sentiment, count(*), sum(reach)
FROM dash_facts GROUP BY 1, 2, 3, 4, 5;

CREATE TABLE dash_daily_labels (
    dim        TEXT NOT NULL,
    label      TEXT NOT NULL,
    day        TEXT NOT NULL,
    brand      TEXT NOT NULL,
    platform   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    reach      INTEGER NOT NULL,
    PRIMARY KEY (dim, label, day, brand, platform, lang, sentiment)
) WITHOUT ROWID;

INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
SELECT l.dim, l.label, substr(f.published_at, 1, 10), f.brand, f.platform, f.lang, f.sentiment, count(*), sum(f.reach)
FROM dash_facts f JOIN dash_mention_labels l ON l.mention_id = f.mention_id
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Work queue: a row (mention_id, brand or NULL for all its brands) asks for its facts to be recomputed.
-- It is always empty between statements: the trigger below consumes each row at once.
CREATE TABLE dash_refresh (
    mention_id  TEXT NOT NULL,
    brand       TEXT
);

CREATE TRIGGER dash_refresh_ai AFTER INSERT ON dash_refresh BEGIN
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
    WHERE m.id = new.mention_id AND (new.brand IS NULL OR b.brand = new.brand)
    ON CONFLICT (seq, brand) DO UPDATE SET
        published_at = excluded.published_at, platform = excluded.platform, lang = excluded.lang,
        sentiment = excluded.sentiment, reach = excluded.reach, motivations = excluded.motivations
    WHERE (dash_facts.published_at, dash_facts.platform, dash_facts.lang, dash_facts.sentiment, dash_facts.reach,
           dash_facts.motivations)
          IS NOT (excluded.published_at, excluded.platform, excluded.lang, excluded.sentiment, excluded.reach,
                  excluded.motivations);
    DELETE FROM dash_refresh WHERE rowid = new.rowid;
END;

-- Facts → rollups.
CREATE TRIGGER dash_facts_ai AFTER INSERT ON dash_facts BEGIN
    INSERT INTO dash_daily (day, brand, platform, lang, sentiment, mentions, reach)
    VALUES (substr(new.published_at, 1, 10), new.brand, new.platform, new.lang, new.sentiment, 1, new.reach)
    ON CONFLICT (day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
    INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
    SELECT l.dim, l.label, substr(new.published_at, 1, 10), new.brand, new.platform, new.lang, new.sentiment,
           1, new.reach
    FROM dash_mention_labels l WHERE l.mention_id = new.mention_id
    ON CONFLICT (dim, label, day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
END;

CREATE TRIGGER dash_facts_ad AFTER DELETE ON dash_facts BEGIN
    UPDATE dash_daily SET mentions = mentions - 1, reach = reach - old.reach
    WHERE day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily
    WHERE day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
    UPDATE dash_daily_labels SET mentions = mentions - 1, reach = reach - old.reach
    WHERE (dim, label) IN (SELECT dim, label FROM dash_mention_labels WHERE mention_id = old.mention_id)
      AND day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily_labels
    WHERE (dim, label) IN (SELECT dim, label FROM dash_mention_labels WHERE mention_id = old.mention_id)
      AND day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
END;

-- A change of the motivation mask alone moves no summary row (the labels triggers count labels).
CREATE TRIGGER dash_facts_au AFTER UPDATE ON dash_facts
WHEN (old.published_at, old.platform, old.lang, old.sentiment, old.reach)
     IS NOT (new.published_at, new.platform, new.lang, new.sentiment, new.reach)
BEGIN
    UPDATE dash_daily SET mentions = mentions - 1, reach = reach - old.reach
    WHERE day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily
    WHERE day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
    UPDATE dash_daily_labels SET mentions = mentions - 1, reach = reach - old.reach
    WHERE (dim, label) IN (SELECT dim, label FROM dash_mention_labels WHERE mention_id = old.mention_id)
      AND day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_daily_labels
    WHERE (dim, label) IN (SELECT dim, label FROM dash_mention_labels WHERE mention_id = old.mention_id)
      AND day = substr(old.published_at, 1, 10) AND brand = old.brand AND platform = old.platform
      AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
    INSERT INTO dash_daily (day, brand, platform, lang, sentiment, mentions, reach)
    VALUES (substr(new.published_at, 1, 10), new.brand, new.platform, new.lang, new.sentiment, 1, new.reach)
    ON CONFLICT (day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
    INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
    SELECT l.dim, l.label, substr(new.published_at, 1, 10), new.brand, new.platform, new.lang, new.sentiment,
           1, new.reach
    FROM dash_mention_labels l WHERE l.mention_id = new.mention_id
    ON CONFLICT (dim, label, day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
END;

-- Source tables → refresh queue. Deletions look facts up by mention id, which still works while a
-- mention's children are being deleted by ON DELETE CASCADE (the mention row is already gone then).
CREATE TRIGGER dash_brands_ai AFTER INSERT ON mention_brands BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

CREATE TRIGGER dash_brands_ad AFTER DELETE ON mention_brands BEGIN
    DELETE FROM dash_facts WHERE mention_id = old.mention_id AND brand = old.brand;
END;

CREATE TRIGGER dash_mentions_au AFTER UPDATE OF published_at, platform, platform_lang, reach ON mentions BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.id, NULL);
END;

CREATE TRIGGER dash_mentions_ad AFTER DELETE ON mentions BEGIN
    DELETE FROM dash_facts WHERE mention_id = old.id;
END;

CREATE TRIGGER dash_tags_ai AFTER INSERT ON mention_tags BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

CREATE TRIGGER dash_tags_au AFTER UPDATE OF lang, sentiment ON mention_tags BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

CREATE TRIGGER dash_tags_ad AFTER DELETE ON mention_tags BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (old.mention_id, NULL);
END;

CREATE TRIGGER dash_brand_sentiments_ai AFTER INSERT ON brand_sentiments BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

CREATE TRIGGER dash_brand_sentiments_au AFTER UPDATE OF sentiment ON brand_sentiments BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

CREATE TRIGGER dash_brand_sentiments_ad AFTER DELETE ON brand_sentiments BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (old.mention_id, old.brand);
END;

CREATE TRIGGER dash_overrides_ai AFTER INSERT ON sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

CREATE TRIGGER dash_overrides_au AFTER UPDATE OF sentiment ON sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

CREATE TRIGGER dash_overrides_ad AFTER DELETE ON sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (old.mention_id, NULL);
END;

-- Labels → dash_daily_labels, for the facts that already exist (a fact inserted later counts its labels itself);
-- a motivation also refreshes the facts' bit mask.
CREATE TRIGGER dash_motivations_ai AFTER INSERT ON mention_motivations BEGIN
    INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
    SELECT 'motivation', new.motivation, substr(f.published_at, 1, 10), f.brand, f.platform, f.lang, f.sentiment,
           1, f.reach
    FROM dash_facts f WHERE f.mention_id = new.mention_id
    ON CONFLICT (dim, label, day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

CREATE TRIGGER dash_motivations_ad AFTER DELETE ON mention_motivations BEGIN
    UPDATE dash_daily_labels SET mentions = dash_daily_labels.mentions - 1, reach = dash_daily_labels.reach - f.reach
    FROM dash_facts f
    WHERE f.mention_id = old.mention_id AND dim = 'motivation' AND label = old.motivation
      AND day = substr(f.published_at, 1, 10) AND dash_daily_labels.brand = f.brand
      AND dash_daily_labels.platform = f.platform AND dash_daily_labels.lang = f.lang
      AND dash_daily_labels.sentiment = f.sentiment;
    DELETE FROM dash_daily_labels WHERE dim = 'motivation' AND label = old.motivation AND mentions <= 0
      AND (day, brand, platform, lang, sentiment) IN
          (SELECT substr(published_at, 1, 10), brand, platform, lang, sentiment FROM dash_facts
           WHERE mention_id = old.mention_id);
    INSERT INTO dash_refresh (mention_id, brand) VALUES (old.mention_id, NULL);
END;

CREATE TRIGGER dash_categories_ai AFTER INSERT ON mention_topics WHEN new.kind = 'category' BEGIN
    INSERT INTO dash_daily_labels (dim, label, day, brand, platform, lang, sentiment, mentions, reach)
    SELECT 'category', new.value, substr(f.published_at, 1, 10), f.brand, f.platform, f.lang, f.sentiment,
           1, f.reach
    FROM dash_facts f WHERE f.mention_id = new.mention_id
    ON CONFLICT (dim, label, day, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + 1, reach = reach + excluded.reach;
END;

CREATE TRIGGER dash_categories_ad AFTER DELETE ON mention_topics WHEN old.kind = 'category' BEGIN
    UPDATE dash_daily_labels SET mentions = dash_daily_labels.mentions - 1, reach = dash_daily_labels.reach - f.reach
    FROM dash_facts f
    WHERE f.mention_id = old.mention_id AND dim = 'category' AND label = old.value
      AND day = substr(f.published_at, 1, 10) AND dash_daily_labels.brand = f.brand
      AND dash_daily_labels.platform = f.platform AND dash_daily_labels.lang = f.lang
      AND dash_daily_labels.sentiment = f.sentiment;
    DELETE FROM dash_daily_labels WHERE dim = 'category' AND label = old.value AND mentions <= 0
      AND (day, brand, platform, lang, sentiment) IN
          (SELECT substr(published_at, 1, 10), brand, platform, lang, sentiment FROM dash_facts
           WHERE mention_id = old.mention_id);
END;
