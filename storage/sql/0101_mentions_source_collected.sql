-- Source health (`veille sources`, dashboard page Sources) counts each source's mentions in total and
-- collected in the last 24 h: with (source, collected_at) both counts are read from the index alone.
CREATE INDEX mentions_source_collected ON mentions(source, collected_at);
