-- A user's correction of the sentiment toward one brand of a mention (dashboard, issue 11).
-- Until now a correction (`sentiment_overrides`) was the mention's and applied to every brand it names: setting
-- « négatif » on a comparison that praises Kelvo against Orbelle made it negative for Kelvo too. From here on:
--   * `brand_sentiment_overrides` (mention, brand) is what the dashboard, the alerts, the report and
--     `brand_mentions` count for that brand;
--   * `sentiment_overrides` is the text as a whole (`mentions_tagged`), as the document sentiment is.
-- The corrections made before are kept as they were counted: copied once for every brand of their mention.
-- `veille train-sentiment` learns from both: a brand's correction on that brand's own context.
-- A correction belongs to a brand link: removing the link (an analyst's delete) removes it.
CREATE TABLE brand_sentiment_overrides (
    mention_id    TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    brand         TEXT NOT NULL,
    sentiment     TEXT NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    corrected_at  TEXT NOT NULL,
    corrected_by  TEXT,
    PRIMARY KEY (mention_id, brand),
    FOREIGN KEY (mention_id, brand) REFERENCES mention_brands(mention_id, brand) ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO brand_sentiment_overrides (mention_id, brand, sentiment, corrected_at, corrected_by)
SELECT o.mention_id, b.brand, o.sentiment, o.corrected_at, o.corrected_by
FROM sentiment_overrides o JOIN mention_brands b ON b.mention_id = o.mention_id;

-- The text's correction no longer moves a brand's facts; a brand's correction moves that brand's.
DROP TRIGGER dash_overrides_ai;
DROP TRIGGER dash_overrides_au;
DROP TRIGGER dash_overrides_ad;

CREATE TRIGGER dash_brand_overrides_ai AFTER INSERT ON brand_sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

CREATE TRIGGER dash_brand_overrides_au AFTER UPDATE OF sentiment ON brand_sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

CREATE TRIGGER dash_brand_overrides_ad AFTER DELETE ON brand_sentiment_overrides BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (old.mention_id, old.brand);
END;

-- The refresh of a mention's facts, as in 0140, the brand's own correction read instead of the mention's.
DROP TRIGGER dash_refresh_ai;
CREATE TRIGGER dash_refresh_ai AFTER INSERT ON dash_refresh BEGIN
    DELETE FROM dash_facts
    WHERE mention_id = new.mention_id AND (new.brand IS NULL OR brand = new.brand)
      AND NOT EXISTS (SELECT 1 FROM mentions WHERE id = new.mention_id AND published_at IS NOT NULL);
    INSERT INTO dash_facts (seq, brand, mention_id, published_at, platform, lang, sentiment, reach, motivations,
                            sample)
    SELECT m.seq, b.brand, m.id, m.published_at, m.platform,
           coalesce(t.lang, m.platform_lang, ''),
           CASE WHEN o.sentiment IS NULL AND coalesce(bs.mixed, t.mixed, 0) = 1 THEN 'mixed'
                ELSE coalesce(o.sentiment, bs.sentiment, t.sentiment, '') END,
           m.reach,
           (SELECT coalesce(sum(l.bit), 0) FROM mention_motivations mm
            JOIN labels l ON l.dim = 'motivation' AND l.label = mm.motivation
            WHERE mm.mention_id = m.id),
           ((m.seq * 2654435761) >> 12) & 1023
    FROM mentions m
    JOIN mention_brands b ON b.mention_id = m.id
    LEFT JOIN mention_tags t ON t.mention_id = m.id
    LEFT JOIN brand_sentiments bs ON bs.mention_id = m.id AND bs.brand = b.brand
    LEFT JOIN brand_sentiment_overrides o ON o.mention_id = m.id AND o.brand = b.brand
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

DROP VIEW brand_daily;
DROP VIEW brand_mentions;

-- One row per (mention, brand): the brand's own sentiment (from its own context in the text), or the user's
-- correction for that brand (`corrected` = 1).
CREATE VIEW brand_mentions AS
SELECT b.brand, m.id AS mention_id, m.platform, m.source, m.published_at, m.date_source,
       substr(m.published_at, 1, 10) AS day, m.reach,
       COALESCE(o.sentiment, bs.sentiment, t.sentiment) AS sentiment,
       CASE WHEN o.sentiment IS NOT NULL THEN 0 ELSE COALESCE(bs.mixed, t.mixed) END AS mixed,
       COALESCE(bs.score, t.sentiment_score) AS sentiment_score,
       COALESCE(t.lang, m.platform_lang) AS lang,
       o.sentiment IS NOT NULL AS corrected
FROM mention_brands b
JOIN mentions m ON m.id = b.mention_id
LEFT JOIN mention_tags t ON t.mention_id = m.id
LEFT JOIN brand_sentiments bs ON bs.mention_id = b.mention_id AND bs.brand = b.brand
LEFT JOIN brand_sentiment_overrides o ON o.mention_id = b.mention_id AND o.brand = b.brand;

CREATE VIEW brand_daily AS
SELECT brand, day,
       count(*) AS mentions,
       sum(sentiment = 'positive') AS positive,
       sum(sentiment = 'neutral') AS neutral,
       sum(sentiment = 'negative') AS negative,
       sum(mixed = 1) AS mixed,
       sum(sentiment IS NULL) AS untagged,
       sum(reach) AS reach,
       round(100.0 * (sum(sentiment = 'positive') - sum(sentiment = 'negative'))
             / max(1, sum(sentiment IS NOT NULL)), 1) AS net_sentiment
FROM brand_mentions
WHERE day IS NOT NULL
GROUP BY brand, day;
