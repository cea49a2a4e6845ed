-- A user's correction of a mention's share motivations (dashboard, issue 11). The corrected set is what
-- `mention_motivations` holds (confidence 1.0), so the analyst views, the dashboard summaries (triggers of
-- migration 0100) and the exports show it; the tagger keeps writing it there on re-tagging and records its
-- own answer in `model_motivations`, which comes back if the correction is removed.
-- `veille train-motivations` learns from these corrections.
CREATE TABLE motivation_overrides (
    mention_id         TEXT PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
    motivations        TEXT NOT NULL,  -- JSON list: the user's motivations ([] = none)
    model_motivations  TEXT NOT NULL,  -- JSON object: the tagger's {motivation: confidence}
    corrected_at       TEXT NOT NULL,
    corrected_by       TEXT
);
