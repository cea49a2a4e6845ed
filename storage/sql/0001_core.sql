CREATE TABLE brands (
    name        TEXT PRIMARY KEY,
    query       TEXT NOT NULL,
    own         INTEGER NOT NULL DEFAULT 0 CHECK (own IN (0, 1)),
    updated_at  TEXT NOT NULL
);

CREATE TABLE sources (
    name             TEXT PRIMARY KEY,
    type             TEXT NOT NULL,
    settings         TEXT NOT NULL DEFAULT '{}',
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ok', 'warning', 'failed', 'rate_limited')),
    last_run_at      TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    next_attempt_at  TEXT,
    updated_at       TEXT NOT NULL
);

-- One row per fetch target of a source (a feed URL, or a brand's search): its cursor.
CREATE TABLE fetch_state (
    source           TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
    target           TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT '{}',
    next_attempt_at  TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (source, target)
);

CREATE TABLE mentions (
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
    published_at      TEXT NOT NULL,
    collected_at      TEXT NOT NULL,
    raw               TEXT
);
CREATE INDEX mentions_published ON mentions(published_at);
CREATE INDEX mentions_platform_published ON mentions(platform, published_at);
CREATE INDEX mentions_source ON mentions(source);

CREATE TABLE mention_brands (
    mention_id  TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    brand       TEXT NOT NULL,
    PRIMARY KEY (mention_id, brand)
) WITHOUT ROWID;
CREATE INDEX mention_brands_brand ON mention_brands(brand, mention_id);

-- Full-text search over title + text, diacritics removed: `decu` finds `déçu`.
CREATE VIRTUAL TABLE mentions_fts USING fts5(
    title, text, content='mentions', content_rowid='seq',
    tokenize="unicode61 remove_diacritics 2"
);
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

-- Analysis results, one row per mention, versioned: a newer analyzer version re-tags stale rows.
CREATE TABLE mention_tags (
    mention_id        TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
    analyzer          TEXT NOT NULL,
    analyzer_version  TEXT NOT NULL,
    lang              TEXT,
    sentiment         TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    sentiment_score   REAL,
    tagged_at         TEXT NOT NULL
);
CREATE INDEX mention_tags_version ON mention_tags(analyzer, analyzer_version);
CREATE INDEX mention_tags_sentiment ON mention_tags(sentiment);

CREATE TABLE brand_sentiments (
    mention_id  TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    brand       TEXT NOT NULL,
    sentiment   TEXT NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    score       REAL NOT NULL,
    PRIMARY KEY (mention_id, brand)
) WITHOUT ROWID;

CREATE TABLE mention_motivations (
    mention_id  TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    motivation  TEXT NOT NULL CHECK (motivation IN
                  ('cause', 'connection', 'information', 'entertainment', 'identity', 'recommendation')),
    confidence  REAL NOT NULL,
    PRIMARY KEY (mention_id, motivation)
) WITHOUT ROWID;
CREATE INDEX mention_motivations_motivation ON mention_motivations(motivation);

-- kind: 'keyphrase', 'category' (e-reputation taxonomy), 'ORG', 'PER', 'LOC', 'MISC' (entities)
CREATE TABLE mention_topics (
    mention_id  TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    score       REAL NOT NULL DEFAULT 1.0,
    PRIMARY KEY (mention_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX mention_topics_value ON mention_topics(kind, value);

CREATE TABLE mention_emotions (
    mention_id  TEXT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    emotion     TEXT NOT NULL CHECK (emotion IN ('joy', 'fear', 'sadness', 'anger', 'surprise', 'disgust')),
    score       REAL NOT NULL,
    PRIMARY KEY (mention_id, emotion)
) WITHOUT ROWID;

-- A user's correction of a mention's sentiment (dashboard); analyst views prefer it.
CREATE TABLE sentiment_overrides (
    mention_id    TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
    sentiment     TEXT NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    corrected_at  TEXT NOT NULL,
    corrected_by  TEXT
);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    brand           TEXT NOT NULL,
    metric          TEXT NOT NULL CHECK (metric IN ('volume', 'negative_volume', 'negative_share')),
    window_start    TEXT NOT NULL,
    window_end      TEXT NOT NULL,
    observed        REAL NOT NULL,
    expected        REAL NOT NULL,
    severity        REAL NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    explanation     TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    acknowledged_at TEXT,
    resolved_at     TEXT,
    UNIQUE (brand, metric, window_start)
);
CREATE INDEX alerts_status ON alerts(status, created_at);

CREATE TABLE notifications (
    alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (alert_id, channel)
);

-- Audit: one row per command run, one per source fetch.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    command      TEXT NOT NULL,
    pid          INTEGER,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
    summary      TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE fetches (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'not_modified', 'skipped', 'warning', 'failed', 'rate_limited')),
    http_status   INTEGER,
    requests      INTEGER NOT NULL DEFAULT 0,
    items         INTEGER NOT NULL DEFAULT 0,
    new_mentions  INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    warnings      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX fetches_source ON fetches(source, started_at);
