"""The synthetic Kabupaten Lebak demo: a seeded generator, a bulk loader and demo accounts.

Nothing here describes real people; every name, NIK and phone number is made up from a
seeded `random.Random`, so the same seed always gives the same registry.
"""

GENERATOR_VERSION = "1"
DEFAULT_SEED = 2018
