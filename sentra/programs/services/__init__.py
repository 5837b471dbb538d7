"""Writes of the programs app: programs, the participation workflow, aid and attendance."""
