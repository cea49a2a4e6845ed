-- Mixed opinions (issue 11): real praise and real blame with no clear winner. The sentiment is then
-- 'neutral' and `mixed` is 1, so that a mixed review does not count as a complaint yet can be found.
ALTER TABLE mention_tags ADD COLUMN mixed INTEGER NOT NULL DEFAULT 0 CHECK (mixed IN (0, 1));
ALTER TABLE brand_sentiments ADD COLUMN mixed INTEGER NOT NULL DEFAULT 0 CHECK (mixed IN (0, 1));

DROP VIEW brand_daily;
DROP VIEW brand_mentions;
DROP VIEW mentions_tagged;

-- One row per mention with its tags; a user's sentiment correction wins (and is never mixed).
CREATE VIEW mentions_tagged AS
SELECT m.id, m.platform, m.source, m.published_at, m.date_source, m.url, m.title, m.text,
       m.author_handle, m.author_name, m.author_followers, m.likes, m.shares, m.replies, m.reach,
       (SELECT group_concat(brand, ',') FROM mention_brands b WHERE b.mention_id = m.id) AS brands,
       COALESCE(t.lang, m.platform_lang) AS lang,
       COALESCE(o.sentiment, t.sentiment) AS sentiment,
       CASE WHEN o.sentiment IS NOT NULL THEN 0 ELSE t.mixed END AS mixed,
       t.sentiment AS model_sentiment,
       t.sentiment_score,
       o.sentiment IS NOT NULL AS corrected,
       (SELECT group_concat(motivation, ',') FROM mention_motivations mm WHERE mm.mention_id = m.id)
           AS motivations,
       t.analyzer, t.analyzer_version, t.tagged_at
FROM mentions m
LEFT JOIN mention_tags t ON t.mention_id = m.id
LEFT JOIN sentiment_overrides o ON o.mention_id = m.id;

-- One row per (mention, brand): the brand's own sentiment (from its own context in the text).
CREATE VIEW brand_mentions AS
SELECT b.brand, m.id AS mention_id, m.platform, m.source, m.published_at, m.date_source,
       substr(m.published_at, 1, 10) AS day, m.reach,
       COALESCE(o.sentiment, bs.sentiment, t.sentiment) AS sentiment,
       CASE WHEN o.sentiment IS NOT NULL THEN 0 ELSE COALESCE(bs.mixed, t.mixed) END AS mixed,
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
       sum(mixed = 1) AS mixed,
       sum(sentiment IS NULL) AS untagged,
       sum(reach) AS reach,
       round(100.0 * (sum(sentiment = 'positive') - sum(sentiment = 'negative'))
             / max(1, sum(sentiment IS NOT NULL)), 1) AS net_sentiment
FROM brand_mentions
WHERE day IS NOT NULL
GROUP BY brand, day;
