"""French NLP: the spaCy pipeline and its components, the tagger, the runner that tags pending mentions."""
