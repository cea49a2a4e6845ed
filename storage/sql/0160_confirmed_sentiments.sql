-- A user may confirm a right sentiment as well as correct a wrong one (dashboard, issue 11): each answer records
-- the model's label it answered, `model_sentiment` ('positive', 'neutral', 'negative', or 'mixed' for a mixed
-- opinion; NULL for an answer given before this migration, when only corrections were recorded, and for a
-- mention not analysed yet). An answer equal to it is a confirmation, any other a correction; a later analysis
-- does not change what the user did. Nothing else reads it: figures, alerts and exports count the answer itself.
ALTER TABLE sentiment_overrides ADD COLUMN model_sentiment TEXT
    CHECK (model_sentiment IN ('positive', 'neutral', 'negative', 'mixed'));
ALTER TABLE brand_sentiment_overrides ADD COLUMN model_sentiment TEXT
    CHECK (model_sentiment IN ('positive', 'neutral', 'negative', 'mixed'));
