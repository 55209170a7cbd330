"""Use cases of signalling: the only code that changes signals and writes their history."""
