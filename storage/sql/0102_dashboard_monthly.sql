-- Monthly summaries for long periods: a year read from the daily tables scans ~100 k (daily) and ~500 k
-- (labels) rows at 1 M mentions; whole months come from these tables instead, edge days from the daily ones.
-- Kept up to date by triggers on the daily tables (every daily change is a +/- delta on its month).

CREATE TABLE dash_monthly (
    month      TEXT NOT NULL,
    brand      TEXT NOT NULL,
    platform   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    reach      INTEGER NOT NULL,
    PRIMARY KEY (month, brand, platform, lang, sentiment)
) WITHOUT ROWID;

INSERT INTO dash_monthly (month, brand, platform, lang, sentiment, mentions, reach)
SELECT substr(day, 1, 7), brand, platform, lang, sentiment, sum(mentions), sum(reach)
FROM dash_daily GROUP BY 1, 2, 3, 4, 5;

CREATE TABLE dash_monthly_labels (
    dim        TEXT NOT NULL,
    label      TEXT NOT NULL,
    month      TEXT NOT NULL,
    brand      TEXT NOT NULL,
    platform   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    reach      INTEGER NOT NULL,
    PRIMARY KEY (dim, label, month, brand, platform, lang, sentiment)
) WITHOUT ROWID;

INSERT INTO dash_monthly_labels (dim, label, month, brand, platform, lang, sentiment, mentions, reach)
SELECT dim, label, substr(day, 1, 7), brand, platform, lang, sentiment, sum(mentions), sum(reach)
FROM dash_daily_labels GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER dash_daily_ai AFTER INSERT ON dash_daily BEGIN
    INSERT INTO dash_monthly (month, brand, platform, lang, sentiment, mentions, reach)
    VALUES (substr(new.day, 1, 7), new.brand, new.platform, new.lang, new.sentiment, new.mentions, new.reach)
    ON CONFLICT (month, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + excluded.mentions, reach = reach + excluded.reach;
END;

CREATE TRIGGER dash_daily_au AFTER UPDATE ON dash_daily BEGIN
    UPDATE dash_monthly SET mentions = mentions + new.mentions - old.mentions, reach = reach + new.reach - old.reach
    WHERE month = substr(new.day, 1, 7) AND brand = new.brand AND platform = new.platform AND lang = new.lang
      AND sentiment = new.sentiment;
END;

CREATE TRIGGER dash_daily_ad AFTER DELETE ON dash_daily BEGIN
    UPDATE dash_monthly SET mentions = mentions - old.mentions, reach = reach - old.reach
    WHERE month = substr(old.day, 1, 7) AND brand = old.brand AND platform = old.platform AND lang = old.lang
      AND sentiment = old.sentiment;
    DELETE FROM dash_monthly
    WHERE month = substr(old.day, 1, 7) AND brand = old.brand AND platform = old.platform AND lang = old.lang
      AND sentiment = old.sentiment AND mentions <= 0;
END;

CREATE TRIGGER dash_daily_labels_ai AFTER INSERT ON dash_daily_labels BEGIN
    INSERT INTO dash_monthly_labels (dim, label, month, brand, platform, lang, sentiment, mentions, reach)
    VALUES (new.dim, new.label, substr(new.day, 1, 7), new.brand, new.platform, new.lang, new.sentiment,
            new.mentions, new.reach)
    ON CONFLICT (dim, label, month, brand, platform, lang, sentiment) DO UPDATE SET
        mentions = mentions + excluded.mentions, reach = reach + excluded.reach;
END;

CREATE TRIGGER dash_daily_labels_au AFTER UPDATE ON dash_daily_labels BEGIN
    UPDATE dash_monthly_labels
    SET mentions = mentions + new.mentions - old.mentions, reach = reach + new.reach - old.reach
    WHERE dim = new.dim AND label = new.label AND month = substr(new.day, 1, 7) AND brand = new.brand
      AND platform = new.platform AND lang = new.lang AND sentiment = new.sentiment;
END;

CREATE TRIGGER dash_daily_labels_ad AFTER DELETE ON dash_daily_labels BEGIN
    UPDATE dash_monthly_labels SET mentions = mentions - old.mentions, reach = reach - old.reach
    WHERE dim = old.dim AND label = old.label AND month = substr(old.day, 1, 7) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment;
    DELETE FROM dash_monthly_labels
    WHERE dim = old.dim AND label = old.label AND month = substr(old.day, 1, 7) AND brand = old.brand
      AND platform = old.platform AND lang = old.lang AND sentiment = old.sentiment AND mentions <= 0;
END;
