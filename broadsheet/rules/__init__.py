"""Data files read by the stages: `cleaning.toml` holds the cleaning rules.

A package (not a plain folder) so the rules ship as package data and load with
`importlib.resources` wherever Broadsheet is installed.
"""
