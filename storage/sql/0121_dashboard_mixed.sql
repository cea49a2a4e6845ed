-- The dashboard shows mixed opinions apart (issue 11): in dash_facts, and so in every summary, the effective
-- sentiment of a (mention, brand) is 'mixed' when the brand's own context (else the mention) is mitigated and no
-- user corrected it. They are neutral for the analysts' views (`mixed` = 1 there) and never count as negative.
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

DROP TRIGGER dash_tags_au;
CREATE TRIGGER dash_tags_au AFTER UPDATE OF lang, sentiment, mixed ON mention_tags BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, NULL);
END;

DROP TRIGGER dash_brand_sentiments_au;
CREATE TRIGGER dash_brand_sentiments_au AFTER UPDATE OF sentiment, mixed ON brand_sentiments BEGIN
    INSERT INTO dash_refresh (mention_id, brand) VALUES (new.mention_id, new.brand);
END;

-- Facts already there (tagged since migration 0120): their summaries move through dash_facts' own triggers.
INSERT INTO dash_refresh (mention_id, brand)
SELECT DISTINCT mention_id, NULL FROM brand_sentiments WHERE mixed = 1
UNION SELECT mention_id, NULL FROM mention_tags WHERE mixed = 1;
